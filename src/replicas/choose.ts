import { awsRegionLocations, continentLocations, type GeoPoint } from './region-locations.js';

/**
 * The parts of a Workers `request.cf` object the chooser reads. Cloudflare sends latitude and
 * longitude as strings (https://developers.cloudflare.com/workers/runtime-apis/request/#incomingrequestcfproperties).
 */
export interface RequestLocation {
  latitude?: string | number | undefined;
  longitude?: string | number | undefined;
  continent?: string | undefined;
}

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * `replicas` ordered nearest first from `from`. Replicas whose Region has no known location keep
 * their configured order after the located ones; without `from` the configured order is returned,
 * so the first configured replica is the documented default.
 */
export function orderReplicas(replicas: readonly string[], from: GeoPoint | undefined): string[] {
  if (!from) return [...replicas];
  const ranked = replicas.map((region, index) => {
    const at = awsRegionLocations[region];
    return { region, index, km: at ? distanceKm(from, at) : Number.POSITIVE_INFINITY };
  });
  // Ties (and unknown Regions) keep the configured order, which makes the result deterministic.
  ranked.sort((a, b) => a.km - b.km || a.index - b.index);
  return ranked.map((r) => r.region);
}

/** Replicas nearest first for code running in an AWS Region (Lambda@Edge's `AWS_REGION`). */
export function orderReplicasForRegion(replicas: readonly string[], region: string | undefined): string[] {
  return orderReplicas(replicas, region ? awsRegionLocations[region] : undefined);
}

/**
 * Replicas nearest first for a Workers request: by `request.cf` latitude/longitude (the client's
 * geo-IP location, a few hundred km at most from the Cloudflare colo that runs the Worker), else by
 * the continent's point, else the configured order.
 */
export function orderReplicasForLocation(replicas: readonly string[], location: RequestLocation | undefined): string[] {
  return orderReplicas(replicas, pointOf(location));
}

function pointOf(location: RequestLocation | undefined): GeoPoint | undefined {
  if (!location) return undefined;
  const lat = coordinate(location.latitude, 90);
  const lon = coordinate(location.longitude, 180);
  if (lat !== undefined && lon !== undefined) return { lat, lon };
  return location.continent ? continentLocations[location.continent.toUpperCase()] : undefined;
}

function coordinate(value: string | number | undefined, limit: number): number | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}
