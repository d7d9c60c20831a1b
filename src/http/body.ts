import { LIMITS } from '../domain/rules.js';
import { HttpProblem } from './problem.js';

/**
 * Read a JSON request body without ever holding more than `limit` bytes: a `Content-Length` over
 * the limit is refused before reading, and the stream is counted as it arrives, so a lying or
 * absent length (chunked uploads) is caught too. Every failure is a 4xx `HttpProblem`.
 */
export async function readJsonBody(request: Request, limit: number = LIMITS.bodyBytes): Promise<unknown> {
  checkContentType(request.headers.get('content-type'));
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\s*\d+\s*$/.test(declared)) {
      throw new HttpProblem('invalid-header', 'Content-Length must be a number of bytes.');
    }
    if (Number(declared) > limit) throw tooLarge(limit);
  }
  const bytes = await readAtMost(request.body, limit);
  if (bytes.length === 0) {
    throw new HttpProblem('malformed-json', 'The request body is empty; send a JSON document.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpProblem('malformed-json', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message}` : '';
    throw new HttpProblem('malformed-json', `The request body is not valid JSON${reason}.`);
  }
}

/** `application/json` or any `+json` type (e.g. `application/merge-patch+json`), UTF-8 only. */
function checkContentType(header: string | null): void {
  const [essence = '', ...params] = (header ?? '').split(';');
  const type = essence.trim().toLowerCase();
  const json = type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (!json || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new HttpProblem(
      'unsupported-media-type',
      header
        ? `Content-Type ${JSON.stringify(header)} is not supported; send application/json (UTF-8).`
        : 'Content-Type is missing; send application/json.',
    );
  }
}

async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading here; the rest is never read into memory. Released, not cancelled: what to do
      // with an unread rest is the platform's (the Worker drains it before answering,
      // `adapters/cloudflare/drain-unread.ts`; the Node server closes the connection after the answer,
      // `adapters/node/server.ts`; Lambda had it buffered).
      reader.releaseLock();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number): HttpProblem {
  return new HttpProblem('payload-too-large', `The request body is larger than ${limit} bytes.`);
}
