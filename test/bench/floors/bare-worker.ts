import { FLOOR_HEALTH } from './health.js';

/** workerd throughput floor: a Worker that answers every request with the health JSON. */
export default {
  fetch: (): Response => Response.json(FLOOR_HEALTH),
};
