// Leaflet.markercluster ships no types (and @types/leaflet.markercluster is not a dependency): the
// bench page loads it for its side effect on the global `L` and types the one factory it calls.
declare module 'leaflet.markercluster'
