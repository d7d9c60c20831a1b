import { AwsClient } from 'aws4fetch';
import type { PostToConnection } from './fan-out.js';

export interface ManagementApiOptions {
  /** `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` (or a custom domain's). */
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  fetch?: typeof fetch;
}

/**
 * `POST {endpoint}/@connections/{connectionId}` of API Gateway's management API, SigV4-signed by
 * aws4fetch (service `execute-api`), so the fan-out function needs no AWS SDK. 410 Gone: the
 * connection no longer exists. Anything else but 2xx rejects (the batch is retried).
 */
export function managementApi(options: ManagementApiOptions): PostToConnection {
  const client = new AwsClient({ ...options.credentials, service: 'execute-api', region: options.region, retries: 0 });
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const base = options.endpoint.replace(/\/+$/, '');
  return async (connectionId, text) => {
    const request = await client.sign(`${base}/@connections/${encodeURIComponent(connectionId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    const response = await send(request);
    await response.body?.cancel();
    if (response.status === 410) return 'gone';
    if (!response.ok) throw new Error(`@connections answered ${response.status}`);
    return 'sent';
  };
}
