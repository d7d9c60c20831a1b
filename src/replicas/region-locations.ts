/**
 * Approximate locations of AWS commercial Regions (the metro area each is named after), used only to
 * rank replicas by distance. A Region missing here is simply never "nearest": the chooser falls back
 * to the configured order. Source: the city names on https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export interface GeoPoint {
  /** Degrees north. */
  lat: number;
  /** Degrees east. */
  lon: number;
}

export const awsRegionLocations: Readonly<Record<string, GeoPoint>> = {
  'us-east-1': { lat: 38.9, lon: -77.4 }, // N. Virginia
  'us-east-2': { lat: 40.0, lon: -83.0 }, // Ohio
  'us-west-1': { lat: 37.4, lon: -121.9 }, // N. California
  'us-west-2': { lat: 45.8, lon: -119.7 }, // Oregon
  'ca-central-1': { lat: 45.5, lon: -73.6 }, // Montreal
  'ca-west-1': { lat: 51.0, lon: -114.1 }, // Calgary
  'mx-central-1': { lat: 20.6, lon: -100.4 }, // Querétaro
  'sa-east-1': { lat: -23.5, lon: -46.6 }, // São Paulo
  'eu-west-1': { lat: 53.3, lon: -6.3 }, // Ireland
  'eu-west-2': { lat: 51.5, lon: -0.1 }, // London
  'eu-west-3': { lat: 48.9, lon: 2.35 }, // Paris
  'eu-central-1': { lat: 50.1, lon: 8.7 }, // Frankfurt
  'eu-central-2': { lat: 47.4, lon: 8.5 }, // Zurich
  'eu-north-1': { lat: 59.3, lon: 18.1 }, // Stockholm
  'eu-south-1': { lat: 45.5, lon: 9.2 }, // Milan
  'eu-south-2': { lat: 41.6, lon: -0.9 }, // Spain (Aragón)
  'il-central-1': { lat: 32.1, lon: 34.8 }, // Tel Aviv
  'me-central-1': { lat: 24.5, lon: 54.4 }, // UAE
  'me-south-1': { lat: 26.1, lon: 50.6 }, // Bahrain
  'af-south-1': { lat: -33.9, lon: 18.4 }, // Cape Town
  'ap-east-1': { lat: 22.3, lon: 114.2 }, // Hong Kong
  'ap-east-2': { lat: 25.0, lon: 121.5 }, // Taipei
  'ap-south-1': { lat: 19.1, lon: 72.9 }, // Mumbai
  'ap-south-2': { lat: 17.4, lon: 78.5 }, // Hyderabad
  'ap-northeast-1': { lat: 35.7, lon: 139.7 }, // Tokyo
  'ap-northeast-2': { lat: 37.6, lon: 127.0 }, // Seoul
  'ap-northeast-3': { lat: 34.7, lon: 135.5 }, // Osaka
  'ap-southeast-1': { lat: 1.35, lon: 103.8 }, // Singapore
  'ap-southeast-2': { lat: -33.9, lon: 151.2 }, // Sydney
  'ap-southeast-3': { lat: -6.2, lon: 106.8 }, // Jakarta
  'ap-southeast-4': { lat: -37.8, lon: 145.0 }, // Melbourne
  'ap-southeast-5': { lat: 3.1, lon: 101.7 }, // Malaysia
  'ap-southeast-6': { lat: -36.8, lon: 174.8 }, // New Zealand
  'ap-southeast-7': { lat: 13.8, lon: 100.5 }, // Thailand
};

/**
 * One point per Cloudflare continent code (`request.cf.continent`), placed where most of that
 * continent's internet users are rather than at its geometric centre, so that e.g. "AS" ranks
 * Singapore/Mumbai/Tokyo sensibly. Used only when `request.cf` carries no latitude/longitude.
 */
export const continentLocations: Readonly<Record<string, GeoPoint>> = {
  AF: { lat: 2.0, lon: 20.0 },
  AN: { lat: -75.0, lon: 0.0 },
  AS: { lat: 23.0, lon: 100.0 },
  EU: { lat: 50.0, lon: 10.0 },
  NA: { lat: 39.0, lon: -95.0 },
  OC: { lat: -30.0, lon: 145.0 },
  SA: { lat: -15.0, lon: -55.0 },
};
