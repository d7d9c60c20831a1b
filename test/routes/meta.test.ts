import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { hs256TestConfig } from '../support/app-config.js';

describe('GET /health', () => {
  it("names the backend without making the request's store view (no counted repository per health check)", async () => {
    const { config, secret } = hs256TestConfig('meta');
    const repository = createMemoryRepository();
    let views = 0;
    const app = createApp({
      config,
      repository,
      log: () => {},
      countedRepository: () => {
        views++;
        return repository;
      },
    });
    const health = await app.fetch(new Request('http://test.local/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', storage: 'memory', target: 'test', stage: 'test' });
    expect(views).toBe(0);
    // A route that uses the store still gets its view, so the count above can move.
    const token = await signDevToken({ sub: 'meta-user', secret });
    const me = await app.fetch(
      new Request('http://test.local/v1/users/me', { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(me.status).toBe(404);
    expect(views).toBe(1);
  });
});
