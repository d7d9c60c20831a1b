import { signDevToken } from '../../src/auth/dev-token.js';
import { METERED_APP_SECRET, type RequestMeter } from '../adapters/cloudflare/metered-app.js';
import { API_OPERATIONS, type ApiOperation, createWorld } from './api-operations.js';

export interface DurableObjectOperationCost extends RequestMeter {
  name: string;
  kind: ApiOperation['kind'];
  idempotencyKey: boolean;
}

/**
 * The API walk-through (`./api-operations.ts`) through the whole app on the durable-object backend,
 * inside workerd (the bridge Worker's `/app/…`, at `bridgeUrl`): per operation, the Durable Object
 * calls the Worker made, the object requests billed (with the calls objects made to each other:
 * outbox deliveries, idempotency fences, handle checks), and the SQLite rows read and written, as
 * the cursors' `rowsRead`/`rowsWritten` report them. Throws when a step answers another status
 * than expected, so a failed request is never counted as a cheap one.
 */
export async function measureDurableObjectOperations(
  bridgeUrl: string,
  send: (request: Request) => Promise<Response> = (request) => fetch(request),
): Promise<DurableObjectOperationCost[]> {
  const seen: { last?: RequestMeter | undefined } = {};
  const world = createWorld({
    fetch: async (request) => {
      const url = new URL(request.url);
      const response = await send(new Request(new URL(`/app${url.pathname}${url.search}`, bridgeUrl), request));
      seen.last = JSON.parse(response.headers.get('x-parley-meter') ?? 'null') as RequestMeter;
      return response;
    },
    token: (sub) => signDevToken({ sub, secret: METERED_APP_SECRET }),
  });
  const rows: DurableObjectOperationCost[] = [];
  for (const operation of API_OPERATIONS) {
    seen.last = undefined;
    const reply = await operation.run(world);
    if (reply.status !== operation.status) {
      throw new Error(
        `${operation.name}: expected ${operation.status}, got ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    }
    const meter = seen.last as RequestMeter | undefined;
    if (!meter) throw new Error(`${operation.name}: the response carried no x-parley-meter`);
    if (!operation.setup) {
      rows.push({
        name: operation.name,
        kind: operation.kind,
        idempotencyKey: operation.idempotencyKey === true,
        ...meter,
      });
    }
  }
  return rows;
}
