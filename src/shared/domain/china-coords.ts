import gcoord from 'gcoord'
import type { LatLon } from './geo.ts'

/**
 * Map apps in China expect "encrypted" coordinates: GCJ-02 (AMap, Tencent, Apple Maps in China)
 * or BD-09 (Baidu). Our data stays WGS-84 (Tianditu and OpenStreetMap use it); we convert only
 * when handing a place over to another app, with gcoord (a maintained implementation).
 * Outside China, gcoord leaves GCJ-02 equal to WGS-84, as the apps do.
 */
export function toGcj02(p: LatLon): LatLon {
  const [lon, lat] = gcoord.transform([p.lon, p.lat], gcoord.WGS84, gcoord.GCJ02)
  return { lat, lon }
}

export function toBd09(p: LatLon): LatLon {
  const [lon, lat] = gcoord.transform([p.lon, p.lat], gcoord.WGS84, gcoord.BD09)
  return { lat, lon }
}

export type MapApp = 'amap' | 'baidu' | 'tencent' | 'apple'
export const MAP_APPS: readonly MapApp[] = ['amap', 'baidu', 'tencent', 'apple']

const fixed = (n: number) => n.toFixed(6)

/** A web link that opens the place in the given map app (or its web page when the app is absent). */
export function navigationUrl(app: MapApp, place: LatLon & { name: string }): string {
  const name = encodeURIComponent(place.name)
  switch (app) {
    case 'amap': {
      const g = toGcj02(place)
      return `https://uri.amap.com/marker?position=${fixed(g.lon)},${fixed(g.lat)}&name=${name}&coordinate=gaode&callnative=1&src=ziran-kepu`
    }
    case 'baidu': {
      const b = toBd09(place)
      return `https://api.map.baidu.com/marker?location=${fixed(b.lat)},${fixed(b.lon)}&title=${name}&content=${name}&coord_type=bd09ll&output=html&src=ziran-kepu`
    }
    case 'tencent': {
      const g = toGcj02(place)
      return `https://apis.map.qq.com/uri/v1/marker?marker=coord:${fixed(g.lat)},${fixed(g.lon)};title:${name}&referer=ziran-kepu`
    }
    case 'apple': {
      const g = toGcj02(place)
      return `https://maps.apple.com/?ll=${fixed(g.lat)},${fixed(g.lon)}&q=${name}`
    }
  }
}
