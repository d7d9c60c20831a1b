import { OPENAPI_GZIP_BASE64 } from '../../openapi/openapi-text.js';

let text: Promise<string> | undefined;

/**
 * The OpenAPI document exactly as `GET /openapi.json` serves it: the generated text, carried
 * compressed so that loading a bundle does not scan 65 KB that most isolates never serve,
 * inflated on the first request for it and kept for the isolate's life.
 */
export function openApiText(): Promise<string> {
  text ??= inflate(OPENAPI_GZIP_BASE64).catch((error: unknown) => {
    text = undefined; // cannot happen with the generated payload; if it does, the next request retries
    throw error;
  });
  return text;
}

async function inflate(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  // Web streams: the same code on Workers and Node, no zlib binding in `src/`.
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}
