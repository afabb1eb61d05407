#!/usr/bin/env bash
# make-media.sh: regenerate the sample video and audio works in public/media/works/ from the
# text scripts in scripts/media/. The outputs are committed; CI never runs this.
#
#   bash scripts/make-media.sh              # every scripts/media/*.txt
#   bash scripts/make-media.sh audio-wetlands video-fire-ice   # only these
#
# Needs ffmpeg/ffprobe (with libx264, drawtext, fontconfig), espeak-ng and the Noto Sans CJK
# font. On Debian: apt-get install -y --no-install-recommends ffmpeg espeak-ng fonts-noto-cjk
#
# For each scripts/media/<id>.txt it writes, in public/media/works/:
#   video: <id>.mp4 (640x360 H.264 Main yuv420p + AAC, faststart), <id>.vtt, <id>-poster.jpg
#   audio: <id>.m4a (AAC, audio/mp4), <id>.vtt
# and prints each file's duration, which is what the work's `media.durationS` must say.
# The SVG pictures in that folder are hand-written sources, not outputs of this script.
#
# Script format (UTF-8, one item a line):
#   # comment
#   @kind video|audio
#   @bg 0xTOP 0xBOTTOM         video: slide background gradient
#   @accent 0xRRGGBB           video: accent colour (underline, progress bar)
#   @say 汉字=pin1yin1         spoken-text replacement, for the 多音字 and tone changes espeak-ng
#                              gets wrong (Latin text is read as pinyin with tone numbers)
#   = 标题 | 副标题 [| 0xACCENT]  video: starts a slide; it stays up while its lines are spoken
#   > 字幕 [|| 朗读]           one narration line = one caption cue; the optional second half is
#                              what espeak-ng reads instead (years digit by digit, for example)
#
# Timing: each line is synthesized on its own and measured in samples (its PCM length, the
# duration ffprobe reports for the WAV); lines are joined with fixed silences, and the caption
# times are the running sum, so each cue starts exactly when its line does. A cue stays up
# through the pause after its line, so captions do not flicker off between sentences.
# Check how a line will be read with: espeak-ng -v cmn-latn-pinyin -q -x '文本'
# MEDIA_KEEP_WORK=1 keeps the intermediate files (per-line WAVs, slide PNGs) for inspection.
#
# Voice: `cmn-latn-pinyin`, espeak-ng's Mandarin voice that reads Latin text as pinyin. With
# plain `-v cmn`, Debian's espeak-ng 1.51 reads many characters' internal pinyin tone digits
# out in English ("好" → "hao two", espeak-ng issue #1236); the pinyin variant does not.
#
# Deterministic for the same tool versions: espeak-ng is, x264 runs single-threaded, and the
# muxers are told to write no dates or version strings.
set -euo pipefail
export LC_ALL=C.UTF-8

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC_DIR="$ROOT/scripts/media"
OUT_DIR="$ROOT/public/media/works"

VOICE=cmn-latn-pinyin
SPEED=175            # espeak-ng's default words per minute: about 3.5 syllables a second in Mandarin
RATE=22050           # espeak-ng's own sample rate: the timing arithmetic is done in its samples
LEAD_S=0.6           # silence before the first line (the title slide shows first)
GAP_S=0.45           # silence after every line
TAIL_S=1.0           # extra silence after the last line
W=640 H=360 FPS=25
# Budgets for a phone on a slow connection; a file over its budget fails the run.
MAX_VIDEO=1048576 MAX_AUDIO=512000 MAX_POSTER=61440
FONT='Noto Sans CJK SC'  # through fontconfig: fontfile= on the .ttc would pick its JP face

die() { printf 'make-media: %s\n' "$*" >&2; exit 1; }

check_tools() {
  local missing=()
  for t in ffmpeg ffprobe espeak-ng fc-match; do command -v "$t" >/dev/null || missing+=("$t"); done
  ((${#missing[@]} == 0)) || die "missing ${missing[*]}; install with: apt-get install -y --no-install-recommends ffmpeg espeak-ng fonts-noto-cjk"
  # (No `| grep -q` below: under pipefail its early exit can fail the pipeline with SIGPIPE.)
  [[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc && $(fc-match "$FONT") == NotoSansCJK* ]] \
    || die "font $FONT not found; install with: apt-get install -y --no-install-recommends fonts-noto-cjk"
  [[ $(espeak-ng --voices=cmn) == *"$VOICE"* ]] || die "espeak-ng has no $VOICE voice (needs espeak-ng-data 1.51 or later)"
  [[ $(ffmpeg -hide_banner -encoders 2>/dev/null) == *libx264* ]] || die "this ffmpeg has no libx264"
}

trim() { local s=$1; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

# samples → WebVTT timestamp (HH:MM:SS.mmm)
vtt_time() { awk -v n="$1" -v r="$RATE" 'BEGIN { ms = int(n * 1000 / r + 0.5); printf "%02d:%02d:%02d.%03d", ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, ms % 1000 }'; }
seconds_to_samples() { awk -v s="$1" -v r="$RATE" 'BEGIN { printf "%d", s * r + 0.5 }'; }

make_one() {
  local id=$1 src="$SRC_DIR/$1.txt"
  [[ -f $src ]] || die "no script $src"
  [[ $id =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]] || die "$id: script names must be content ids"

  local kind='' bg_top=0x1d5a4c bg_bottom=0x0c2c25 accent=0xffc845
  local -a say_from=() say_to=() captions=() spoken=() line_slide=() slide_title=() slide_sub=() slide_accent=()
  local raw line n=0
  while IFS= read -r raw || [[ -n $raw ]]; do
    n=$((n + 1)); line="$(trim "${raw%$'\r'}")"
    case $line in
      '' | '#'*) ;;
      '@kind '*) kind="$(trim "${line#@kind }")" ;;
      '@bg '*) read -r bg_top bg_bottom <<<"${line#@bg }" ;;
      '@accent '*) accent="$(trim "${line#@accent }")" ;;
      '@say '*) local rule="${line#@say }"; [[ $rule == *=* ]] || die "$src:$n: @say needs 汉字=pinyin"
        say_from+=("$(trim "${rule%%=*}")"); say_to+=("$(trim "${rule#*=}")") ;;
      '= '*) local rest="${line#= }" title sub acc
        IFS='|' read -r title sub acc <<<"$rest"
        slide_title+=("$(trim "$title")"); slide_sub+=("$(trim "${sub:-}")"); acc="$(trim "${acc:-}")"; slide_accent+=("${acc:-$accent}") ;;
      '> '*) local body="${line#> }" cap say
        if [[ $body == *'||'* ]]; then cap="$(trim "${body%%||*}")"; say="$(trim "${body#*||}")"; else cap="$(trim "$body")"; say="$cap"; fi
        [[ -n $cap ]] || die "$src:$n: empty line"
        captions+=("$cap"); spoken+=("$say"); line_slide+=($((${#slide_title[@]} - 1))) ;;
      *) die "$src:$n: cannot read: $line" ;;
    esac
  done <"$src"
  [[ $kind == video || $kind == audio ]] || die "$src: @kind must be video or audio"
  ((${#captions[@]} > 0)) || die "$src: no narration lines"
  if [[ $kind == video ]]; then
    ((${#slide_title[@]} > 0)) && ((line_slide[0] == 0)) || die "$src: a video script starts with a '= title' slide"
  fi

  local tmp="$WORK/$id"
  mkdir -p "$tmp"

  # 1. Speech: one WAV per line, joined as raw PCM with exact silences, so every cue time is a
  #    whole number of samples.
  local lead gap tail i k total
  lead=$(seconds_to_samples "$LEAD_S"); gap=$(seconds_to_samples "$GAP_S"); tail=$(seconds_to_samples "$TAIL_S")
  local -a cue_start=() cue_end=()
  : >"$tmp/speech.raw"
  head -c $((lead * 2)) /dev/zero >>"$tmp/speech.raw"
  total=$lead
  for i in "${!captions[@]}"; do
    local text="${spoken[$i]}"
    for k in "${!say_from[@]}"; do text="${text//"${say_from[$k]}"/"${say_to[$k]}"}"; done
    text="${text//[“”《》]/}"   # espeak-ng pauses at quotation and title marks: they are for the eye
    printf '%s\n' "$text" >"$tmp/line-$i.txt"
    espeak-ng -v "$VOICE" -s "$SPEED" -f "$tmp/line-$i.txt" -w "$tmp/line-$i.wav"
    ffmpeg -v error -y -i "$tmp/line-$i.wav" -f s16le -ac 1 -ar "$RATE" "$tmp/line-$i.raw"
    local len=$(($(stat -c %s "$tmp/line-$i.raw") / 2))
    cat "$tmp/line-$i.raw" >>"$tmp/speech.raw"
    head -c $((gap * 2)) /dev/zero >>"$tmp/speech.raw"
    cue_start+=("$total"); cue_end+=($((total + len + gap)))
    total=$((total + len + gap))
  done
  head -c $((tail * 2)) /dev/zero >>"$tmp/speech.raw"
  total=$((total + tail))

  # 2. Captions.
  {
    printf 'WEBVTT\n\nNOTE\nGenerated by scripts/make-media.sh from scripts/media/%s.txt: edit that, not this.\n' "$id"
    for i in "${!captions[@]}"; do
      printf '\n%d\n%s --> %s\n%s\n' $((i + 1)) "$(vtt_time "${cue_start[$i]}")" "$(vtt_time "${cue_end[$i]}")" "${captions[$i]}"
    done
  } >"$OUT_DIR/$id.vtt"

  # Bit-exact muxing: no creation dates or encoder versions in the files.
  local -a aac=(-c:a aac -b:a 48k -ar 44100 -ac 1) exact=(-map_metadata -1 -fflags +bitexact -flags:a +bitexact)
  if [[ $kind == audio ]]; then
    ffmpeg -v error -y -f s16le -ar "$RATE" -ac 1 -i "$tmp/speech.raw" "${aac[@]}" "${exact[@]}" \
      -movflags +faststart "$OUT_DIR/$id.m4a"
    report "$OUT_DIR/$id.m4a" "$MAX_AUDIO"
  else
    make_video
    report "$OUT_DIR/$id.mp4" "$MAX_VIDEO"
    report "$OUT_DIR/$id-poster.jpg" "$MAX_POSTER"
  fi
  report "$OUT_DIR/$id.vtt" 0
}

# Uses make_one's locals (bash's dynamic scope): slides, cue times, tmp, id.
make_video() {
  local s count=${#slide_title[@]} inputs=() graph='' concat=''
  local -a slide_end=()
  # A slide lasts until the next slide's first line starts; the last one to the end.
  for s in $(seq 0 $((count - 1))); do
    local next=$total
    for i in "${!line_slide[@]}"; do
      if ((line_slide[i] == s + 1)); then next=${cue_start[$i]}; break; fi
    done
    slide_end+=("$next")
  done
  local prev_frame=0 frames_total
  frames_total=$(awk -v n="$total" -v r="$RATE" -v f="$FPS" 'BEGIN { printf "%d", n * f / r + 0.5 }')
  printf '自然资源科普' >"$tmp/brand.txt"
  for s in $(seq 0 $((count - 1))); do
    # Text goes through files: no drawtext escaping of quotes, colons or commas in the script.
    printf '%s' "${slide_title[$s]}" >"$tmp/title-$s.txt"
    printf '%s' "${slide_sub[$s]}" >"$tmp/sub-$s.txt"
    printf '%d / %d' $((s + 1)) "$count" >"$tmp/page-$s.txt"
    local a="${slide_accent[$s]}" dt="drawtext=expansion=none:font='$FONT'"
    # Brand and page number in the top corners; title on a translucent band with an accent
    # underline; the subtitle below. The bottom third stays clear for the player's captions.
    # The title is thickened with a 1 px border of its own colour: a ':style=Bold' fontconfig
    # pattern does not get through drawtext's option escaping here.
    ffmpeg -v error -y -f lavfi \
      -i "gradients=s=${W}x${H}:c0=$bg_top:c1=$bg_bottom:x0=0:y0=0:x1=0:y1=$H:n=2:seed=1:speed=0.00001:d=1:r=1" \
      -frames:v 1 -vf "drawbox=x=0:y=0:w=$W:h=6:color=$a:t=fill,\
$dt:textfile=$tmp/brand.txt:fontsize=20:fontcolor=white@0.85:x=28:y=24,\
$dt:textfile=$tmp/page-$s.txt:fontsize=20:fontcolor=white@0.85:x=w-tw-28:y=24,\
drawbox=x=40:y=84:w=$((W - 80)):h=150:color=white@0.10:t=fill,\
$dt:textfile=$tmp/title-$s.txt:fontsize=50:fontcolor=white:borderw=1:bordercolor=white:x=(w-tw)/2:y=102,\
drawbox=x=$(((W - 72) / 2)):y=178:w=72:h=6:color=$a:t=fill,\
$dt:textfile=$tmp/sub-$s.txt:fontsize=26:fontcolor=white@0.92:x=(w-tw)/2:y=192" \
      "$tmp/slide-$s.png"
    local end_frame
    end_frame=$(awk -v n="${slide_end[$s]}" -v r="$RATE" -v f="$FPS" 'BEGIN { printf "%d", n * f / r + 0.5 }')
    if ((s == count - 1)); then end_frame=$frames_total; fi
    inputs+=(-loop 1 -framerate "$FPS" -i "$tmp/slide-$s.png")
    graph+="[$s:v]trim=end_frame=$((end_frame - prev_frame)),setpts=PTS-STARTPTS,format=yuv420p[v$s];"
    concat+="[v$s]"
    prev_frame=$end_frame
  done
  local dur fade_out
  dur=$(awk -v f="$frames_total" -v r="$FPS" 'BEGIN { printf "%.3f", f / r }')
  fade_out=$(awk -v d="$dur" 'BEGIN { printf "%.3f", d - 0.5 }')
  # A thin progress bar slides in along the bottom edge: the only motion, so x264 spends its
  # bits on a few rows and the file stays small.
  graph+="${concat}concat=n=$count:v=1:a=0[slides];color=c=${accent}:s=${W}x4:r=$FPS[bar];"
  graph+="[slides][bar]overlay=x='-w+w*t/$dur':y=H-h:shortest=1,fade=t=in:st=0:d=0.3,fade=t=out:st=$fade_out:d=0.5,format=yuv420p[v]"
  ffmpeg -v error -y "${inputs[@]}" -f s16le -ar "$RATE" -ac 1 -i "$tmp/speech.raw" \
    -filter_complex "$graph" -map '[v]' -map "$count:a" \
    -c:v libx264 -threads 1 -profile:v main -level:v 3.0 -pix_fmt yuv420p -preset slow -tune stillimage \
    -crf 28 -g $((FPS * 4)) -r "$FPS" -flags:v +bitexact \
    "${aac[@]}" "${exact[@]}" -movflags +faststart "$OUT_DIR/$id.mp4"
  ffmpeg -v error -y -i "$tmp/slide-0.png" -q:v 5 -flags:v +bitexact -fflags +bitexact "$OUT_DIR/$id-poster.jpg"
}

report() {
  local file=$1 max=$2 size dur
  size=$(stat -c %s "$file")
  ((max == 0 || size <= max)) || die "$file is $size bytes, over the $max-byte budget"
  if [[ $file == *.vtt || $file == *.jpg ]]; then dur='-'; else
    dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$file"); dur=$(printf '%.1f s' "$dur")
  fi
  printf '%-44s %8d bytes  %s\n' "${file#"$ROOT"/}" "$size" "$dur"
}

check_tools
mkdir -p "$OUT_DIR"
WORK="$(mktemp -d)"
[[ -n ${MEDIA_KEEP_WORK:-} ]] && echo "work files kept in $WORK" >&2 || trap 'rm -rf "$WORK"' EXIT
if (($# > 0)); then ids=("$@"); else
  ids=(); for f in "$SRC_DIR"/*.txt; do ids+=("$(basename "$f" .txt)"); done
fi
for id in "${ids[@]}"; do make_one "$id"; done
