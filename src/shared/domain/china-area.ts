import { inChinaBbox } from '../constants.ts'
import type { LatLon } from './geo.ts'

/*
 * Whether a pin a person set lies in China. China's bounding box alone takes in Seoul, Hanoi,
 * Ulaanbaatar and Delhi, so the box is cut by rectangles drawn well inside the neighbouring
 * countries and seas. Each rectangle keeps a margin from the border, so a place in China near a
 * border is never refused; a pin a few kilometres over it may pass, which the review of a staff
 * edit is there to catch. Cheap and dependency-free: the phone's form and the server run the same.
 */

/** `[minLon, minLat, maxLon, maxLat]`, WGS-84 degrees. */
type Box = readonly [number, number, number, number]

const OUTSIDE: readonly Box[] = [
  [73.4, 49.5, 115.5, 53.6], // Russia and northern Mongolia, west of Hulunbuir
  [91.5, 46.5, 96.0, 49.5], // western Mongolia
  [96.0, 44.5, 111.0, 49.5], // central Mongolia
  [111.0, 45.8, 114.8, 49.5], // eastern Mongolia
  [73.4, 42.8, 79.5, 49.5], // Kazakhstan, northern Kyrgyzstan
  [73.4, 40.9, 75.3, 42.8], // Kyrgyzstan
  [75.3, 41.8, 78.5, 42.8], // Kyrgyzstan, east
  [73.4, 30.0, 74.0, 38.8], // Tajikistan, Afghanistan, Pakistan
  [73.4, 24.0, 77.0, 35.2], // Pakistan and India, west of the Karakoram
  [73.4, 3.8, 88.5, 27.4], // India, Nepal's plains, Bangladesh
  [73.4, 27.4, 80.5, 30.0], // northern India
  [80.5, 27.4, 84.0, 28.8], // western Nepal
  [84.0, 27.4, 88.0, 27.9], // eastern Nepal
  [88.5, 3.8, 97.3, 26.5], // Bangladesh, Myanmar, Bay of Bengal
  [89.0, 26.5, 91.5, 27.7], // Bhutan
  [97.3, 3.8, 100.5, 21.8], // Myanmar, Thailand
  [100.5, 3.8, 108.3, 20.9], // Laos, Vietnam, Cambodia, Gulf of Thailand
  [102.5, 20.9, 106.3, 22.3], // northern Vietnam
  [115.5, 3.8, 119.3, 7.0], // Borneo (Sabah)
  [119.3, 3.8, 135.1, 19.5], // the Philippines
  [124.8, 33.0, 130.0, 40.2], // Korea
  [127.0, 40.2, 130.5, 41.3], // northern Korea
  [129.5, 24.0, 135.1, 37.0], // Japan
  [126.0, 3.8, 135.1, 30.0], // the Pacific, the Ryukyu Islands
  [131.8, 42.0, 135.1, 44.5], // Russia: Primorye
  [128.3, 50.0, 135.1, 53.6], // Russia, north of the Amur
  [131.0, 49.0, 135.1, 50.0], // Russia, north of the Amur
]

const inside = (p: LatLon, [minLon, minLat, maxLon, maxLat]: Box) =>
  p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat

/** True when a WGS-84 point is in China's bounding box and in none of the neighbours' rectangles. */
export function inChina(point: LatLon): boolean {
  return inChinaBbox(point) && !OUTSIDE.some((box) => inside(point, box))
}
