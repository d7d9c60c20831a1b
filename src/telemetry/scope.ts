import { type RoundTripMeter, UNMATCHED_ROUTE } from './port.js';

/**
 * What the core learns about one request while answering it, for its telemetry record: made by the
 * request context (`src/http/request-context.ts`) for every request, filled in by the layers below
 * (the operation's route by `bind`, the store's round trips by the counted repository, an unhandled
 * error by `errorToReply`). Per request, without AsyncLocalStorage: the scope is passed down.
 */
export class RequestScope implements RoundTripMeter {
  /** The operation's route from the table, once `bind` has matched one. */
  route = UNMATCHED_ROUTE;
  roundTrips = 0;
  unhandledError = false;
  constructor(
    readonly requestId: string,
    readonly traceId: string,
  ) {}
}
