/** Request and response bodies: base64 or text in the event, bytes in between. */
import { sentText } from '../../../src/http/reply.js';

const utf8 = new TextEncoder();

/** Body bytes of an event, or `undefined` for methods that cannot carry one (Fetch forbids it). */
export function eventBody(
  method: string,
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
): Uint8Array<ArrayBuffer> | undefined {
  if (!body || method === 'GET' || method === 'HEAD') return undefined;
  return isBase64Encoded ? Uint8Array.from(Buffer.from(body, 'base64')) : utf8.encode(body);
}

/** JSON, XML, text and JavaScript travel as text; everything else (and anything compressed) as base64. */
const TEXT_TYPE =
  /^(?:text\/[^;\s]+|[^/;\s]+\/(?:[^;\s]*\+)?(?:json|xml)|application\/(?:javascript|x-www-form-urlencoded))\s*(?:;|$)/i;

export function isTextual(contentType: string | null, contentEncoding: string | null): boolean {
  if (contentEncoding && !/^identity$/i.test(contentEncoding.trim())) return false;
  return contentType === null || TEXT_TYPE.test(contentType.trim());
}

/** The response body as the result's `body` + `isBase64Encoded`; empty for HEAD and null bodies. */
export async function resultBody(
  response: Response,
  method: string,
): Promise<{ body: string; isBase64Encoded: boolean }> {
  if (method === 'HEAD' || response.body === null) {
    await response.body?.cancel();
    return { body: '', isBase64Encoded: false };
  }
  const headers = response.headers;
  if (isTextual(headers.get('content-type'), headers.get('content-encoding'))) {
    // The app's own responses carry the string they were made from: no stream read back.
    return { body: sentText(response) ?? (await response.text()), isBase64Encoded: false };
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}
