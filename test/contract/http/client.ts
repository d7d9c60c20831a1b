import { monotonicFactory } from 'ulidx';
import { expect } from 'vitest';
import type { HttpTarget, TokenOptions } from './target.js';

const ulid = monotonicFactory();

export interface Result {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else the text. */
  body: any;
  text: string;
}

export interface RequestOptions {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as-is (set the content type yourself). */
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** Sent as `If-Match` (a conditional write). */
  ifMatch?: string;
  /** `false`: no Authorization header. */
  auth?: boolean;
}

/** A user of the API: a fresh, unique id (so the suite can share a persistent store) and a token. */
export interface Caller {
  id: string;
  token: string;
  call(method: string, path: string, options?: RequestOptions): Promise<Result>;
}

export class Client {
  readonly base: string;
  constructor(private readonly target: HttpTarget) {
    this.base = (target.baseUrl ?? 'http://parley.test').replace(/\/$/, '');
  }

  async user(prefix = 'u'): Promise<Caller> {
    return this.as(uniqueId(prefix));
  }

  async as(id: string, tokenOptions?: TokenOptions): Promise<Caller> {
    const token = await this.target.token(id, tokenOptions);
    return {
      id,
      token,
      call: (method, path, options = {}) =>
        this.send(method, path, { ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } }),
    };
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<Result> {
    const headers = new Headers(options.headers);
    if (options.ifMatch !== undefined) headers.set('if-match', options.ifMatch);
    if (options.auth === false) headers.delete('authorization');
    let body: BodyInit | undefined = options.raw;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
    if (body instanceof ReadableStream) init.duplex = 'half';
    const response = await this.target.fetch(new Request(this.base + path, init));
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: /json/.test(type) && text ? JSON.parse(text) : text,
    };
  }
}

export function uniqueId(prefix = 'u'): string {
  return `${prefix}-${ulid()}`;
}

/** A handle no other run has used: `h_` + a lower-cased ULID (28 characters). */
export function uniqueHandle(): string {
  return `h_${ulid().toLowerCase()}`;
}

/** Asserts an RFC 9457 problem with `status` (and `slug`, when given) and returns its body. */
export function expectProblem(result: Result, status: number, slug?: string): any {
  expect(result.status, result.text).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(result.headers.get('x-request-id')).toBeTruthy();
  const body = result.body;
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.type).toMatch(/^https:\/\/parley\.dev\/problems\/[a-z-]+$/);
  if (slug) expect(body.type).toBe(`https://parley.dev/problems/${slug}`);
  return body;
}

export function expectStatus(result: Result, status: number): any {
  expect(result.status, result.text).toBe(status);
  return result.body;
}

/** The ETag of version `version` of a resource: `"<version>.<digest of the representation>"`. */
export function versionTag(version: number): RegExp {
  return new RegExp(`^"${version}\\.[0-9a-z]+"$`);
}
