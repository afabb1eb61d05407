import { measureMapCluster } from './map-cluster.ts'
const t = performance.now()
console.log(JSON.stringify(await measureMapCluster({ reps: 1 })))
console.error('total', performance.now() - t)
