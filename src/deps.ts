import type { ParleyConfig } from './config.js';
import type { MediaStore } from './media/store.js';
import type { Repository } from './repository/port.js';
import type { ReferenceDocuments } from './routes/documents.js';
import type { RoundTripMeter, Telemetry } from './telemetry/port.js';

/** Everything `createApp` needs from its adapter; nothing here is constructed inside the core. */
export interface AppDeps {
  config: ParleyConfig;
  repository: Repository;
  /** Where attachments' bytes live (`src/media/store.ts`). Without it the attachment routes answer 503. */
  media?: MediaStore;
  /** Clock, injectable so tests can pin time. Default: `() => new Date()`. */
  now?: () => Date;
  /** Structured log sink, one JSON-able object per line. Default: `console.log(JSON.stringify(entry))`. */
  log?: (entry: Record<string, unknown>) => void;
  /** `fetch` used to load the JWKS. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra fields for `GET /health` (e.g. the DynamoDB replica an edge target chose). */
  health?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Where each request's record goes (metrics, the access log). Default: the access-log line through `log`. */
  telemetry?: Telemetry;
  /**
   * The same store as `repository`, with every round trip counted into `meter` (`Storage.counted`):
   * a request's view, made only when its route uses the store. Without it, no round trips are reported.
   */
  countedRepository?: (meter: RoundTripMeter) => Repository;
  /**
   * Set where the target holds WebSocket connections (Node, Workers, AWS): `POST /v1/realtime/tickets`
   * answers 404 without it (Lambda@Edge). Clients connect to `REALTIME_URL`, default this origin's
   * `/v1/realtime/connect` (`ws:`/`wss:`).
   */
  realtime?: boolean;
  /** The bodies of `GET /openapi.json` and `GET /docs`: `EMBEDDED_DOCUMENTS`, or the Workers static assets. */
  documents?: ReferenceDocuments;
}
