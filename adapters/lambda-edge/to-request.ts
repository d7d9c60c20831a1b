import { Buffer } from 'node:buffer';
import type { CloudFrontRequestEvent } from './cloudfront-event.js';

/**
 * The Fetch `Request` for a CloudFront origin-request record. The body is always base64 in the
 * event (include-body on); a truncated body must be refused before this is called.
 */
export function toRequest(record: CloudFrontRequestEvent['Records'][number]): Request {
  const { request, config } = record.cf;
  const host = request.headers.host?.[0]?.value ?? config.distributionDomainName;
  const query = request.querystring ? `?${request.querystring}` : '';
  const headers = new Headers();
  for (const [name, values] of Object.entries(request.headers)) {
    // Several Cookie entries are one header whose pairs `Headers.append` would join with ", ".
    if (name === 'cookie') headers.set(name, values.map((v) => v.value).join('; '));
    else for (const { value } of values) headers.append(name, value);
  }
  // The decoded body's length is what `Request` will carry; CloudFront's own header is not trusted.
  headers.delete('content-length');
  const method = request.method.toUpperCase();
  const data = request.body?.data;
  const hasBody = method !== 'GET' && method !== 'HEAD' && data !== undefined && data !== '';
  const body = hasBody
    ? request.body?.encoding === 'text'
      ? Buffer.from(data, 'utf8')
      : Buffer.from(data, 'base64')
    : undefined;
  return new Request(`https://${host}${request.uri}${query}`, { method, headers, body });
}
