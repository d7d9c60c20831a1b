import { expect, it } from 'vitest';
import { inProcessApp } from '../support/app-config.js';

// Not in the shared contract: some platforms cannot carry a repeated query parameter at all (an
// ALB without multi-value mode passes only the last value), so only the app itself can be asked.
it('a repeated query parameter is a 400 rather than a silent pick', async () => {
  const { app, token: sign } = inProcessApp('query');
  const token = await sign('alice');
  const response = await app.fetch(
    new Request('http://parley.test/v1/conversations?limit=1&limit=2', {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body).toMatchObject({
    type: 'https://parley.dev/problems/validation-failed',
    errors: [{ parameter: 'limit' }],
  });
});
