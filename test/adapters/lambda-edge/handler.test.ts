import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CloudFrontRequestEvent } from '../../../adapters/lambda-edge/cloudfront-event.js';
import { handler, servesPath } from '../../../adapters/lambda-edge/handler.js';

// These cases are answered before the app is built, so the unconfigured source module is enough;
// everything that reaches the app runs through the built bundle in edge-contract.test.ts.
const fixture = (name: string): CloudFrontRequestEvent =>
  JSON.parse(readFileSync(new URL(`../../fixtures/events/cloudfront/${name}.json`, import.meta.url), 'utf8'));

describe('Lambda@Edge handler, before the app', () => {
  it.each(['pass-through', 'documented-example', 'viewer-request-pass-through'])(
    '%s: returns the request itself, for the origin',
    async (name) => {
      const event = fixture(name);
      const result = await handler(event);
      expect(result).toBe(event.Records[0]?.cf.request);
      expect(result).toEqual(fixture(name).Records[0]?.cf.request);
    },
  );

  it('truncated body: 413 problem, never a cut message', async () => {
    const event = fixture('truncated-body');
    const result = await handler(event);
    expect(result).toMatchObject({ status: '413', bodyEncoding: 'text' });
    if (!('body' in result) || typeof result.body !== 'string') throw new Error('no body');
    expect(JSON.parse(result.body)).toMatchObject({
      type: 'https://parley.dev/problems/payload-too-large',
      status: 413,
    });
    if (!('status' in result)) throw new Error('not a generated response');
    expect(result.headers?.['content-type']).toEqual([{ key: 'content-type', value: 'application/problem+json' }]);
    expect(result.headers?.['x-request-id']).toEqual([
      { key: 'x-request-id', value: event.Records[0]?.cf.config.requestId },
    ]);
    expect(result.headers?.['content-length']).toBeUndefined();
  });

  it('viewer-request with a truncated body (cut at 40 KB there): 413 naming the viewer limit', async () => {
    const event = fixture('viewer-request-truncated-body');
    const result = await handler(event);
    if (!('status' in result) || typeof result.body !== 'string') throw new Error('not a generated response');
    expect(result.status).toBe('413');
    const problem = JSON.parse(result.body);
    expect(problem).toMatchObject({ type: 'https://parley.dev/problems/payload-too-large', status: 413 });
    expect(problem.detail).toMatch(/viewer-request \(40 KB\)/);
  });

  it('refuses an origin-response event: the function is associated with the wrong event type', async () => {
    await expect(handler(fixture('origin-response'))).rejects.toThrow(/origin-request and viewer-request/);
  });

  it('is an async two-parameter function (three would mean callback style)', () => {
    expect(handler.length).toBe(2);
  });

  it.each([
    ['/v1/users/me', true],
    ['/v1', true],
    ['/health', true],
    ['/openapi.json', true],
    ['/docs', true],
    ['/docs/', true],
    ['/v10/anything', false],
    ['/healthz', false],
    ['/docs/extra', false],
    ['/', false],
    ['/index.html', false],
  ])('serves %s: %s', (uri, expected) => {
    expect(servesPath(uri)).toBe(expected);
  });
});
