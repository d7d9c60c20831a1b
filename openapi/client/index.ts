import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

/**
 * A typed Parley client: openapi-fetch over the types `npm run openapi` generates from the document
 * (`schema.d.ts`, openapi-typescript). Paths, parameters, bodies and answers are checked by the
 * compiler; the runtime is openapi-fetch (~6 KB), a thin `fetch` wrapper.
 *
 *   const api = parleyClient({ baseUrl: 'http://127.0.0.1:8787', token });
 *   const { data, error, response } = await api.GET('/v1/conversations/{conversationId}', {
 *     params: { path: { conversationId } },
 *   });
 */
export type ParleyClient = Client<paths>;
export type Schemas = components['schemas'];

export function parleyClient(options: { baseUrl: string; token: string; fetch?: typeof fetch }): ParleyClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
