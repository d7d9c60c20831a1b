import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsV4Signer } from 'aws4fetch';

/**
 * A loopback stand-in for API Gateway's `@connections` management API (which cannot run here). It
 * checks what the real one checks before delivering: a SigV4 signature for service `execute-api` by
 * a known key (recomputed from the received method, path, headers and body with the signer's own
 * algorithm and the request's `x-amz-date`), 403 otherwise; `POST /{stage}/@connections/{id}`; 410
 * Gone for a connection it does not know, as the real API answers for a closed one.
 */
export async function startManagementApi(options: {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stage: string;
  live: Iterable<string>;
}) {
  const live = new Set(options.live);
  const received = new Map<string, string[]>();
  const refused: string[] = [];
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer(async (request, response) => {
    const body = await read(request);
    const url = `http://${request.headers.host}${request.url}`;
    // As the real verifier does: only the headers the signature names (`SignedHeaders=`) are signed
    // again; the client's transport adds others (accept, user-agent) that were never signed.
    const signed = /SignedHeaders=([^,\s]+)/.exec(request.headers.authorization ?? '')?.[1]?.split(';') ?? [];
    const headers = new Headers();
    for (const name of signed) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const datetime = request.headers['x-amz-date'];
    const expected =
      typeof datetime === 'string'
        ? (
            await new AwsV4Signer({
              method: request.method ?? 'GET',
              url,
              headers,
              body,
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
              service: 'execute-api',
              region: options.region,
              datetime,
            }).sign()
          ).headers.get('authorization')
        : null;
    if (!expected || expected !== request.headers.authorization) {
      refused.push(request.url ?? '');
      response.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden"}');
      return;
    }
    const match = new RegExp(`^/${options.stage}/@connections/([^/]+)$`).exec(request.url ?? '');
    const id = match ? decodeURIComponent(match[1] as string) : undefined;
    if (request.method !== 'POST' || id === undefined) {
      response.writeHead(404).end();
      return;
    }
    if (!live.has(id)) {
      response.writeHead(410, { 'content-type': 'application/json' }).end('{"message":"GoneException"}');
      return;
    }
    received.set(id, [...(received.get(id) ?? []), body]);
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/${options.stage}`,
    received,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
