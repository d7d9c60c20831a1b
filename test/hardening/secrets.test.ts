import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../contract/http/client.js';
import { deadEndpoint } from '../support/dead-endpoint.js';
import { tamperSignature } from '../auth/fixtures.js';
import { recordFigures } from './support/figures.js';
import { expectNoSecrets, sentTokens } from './support/secrets.js';
import { lambdaV2Target, nodeServerTarget, type HardeningTarget } from './support/targets.js';

/**
 * Campaign 7: secrets stay secret. Every other campaign searches its target's captured log after it
 * ran (`expectNoSecrets`); this file adds the requests most likely to leak — tokens in the query
 * string and in rejected headers, a store that is down (error logs with causes), a Lambda whose
 * configuration is invalid — and searches both the log and every response body and header.
 */
const AWS_SECRET = `aws-secret-${crypto.randomUUID()}`;
const SHORT_SECRET = `short-${crypto.randomUUID().slice(0, 8)}`;

async function leakProbe(target: HardeningTarget) {
  const client = new Client(target);
  const alice = await client.user('alice');
  const bodies: string[] = [];
  const send = async (path: string, headers: Record<string, string> = {}, json?: unknown) => {
    const result = await client.send(json === undefined ? 'GET' : 'POST', path, {
      headers,
      ...(json === undefined ? {} : { json }),
    });
    bodies.push(result.text, [...result.headers].map(([k, v]) => `${k}: ${v}`).join('\n'));
    return result;
  };
  const forged = tamperSignature(alice.token);
  sentTokens.add(forged);
  await send(`/v1/conversations?access_token=${alice.token}`);
  await send('/v1/conversations', { authorization: `Bearer ${forged}` });
  await send('/v1/conversations', { authorization: `Basic ${alice.token}` });
  await send('/v1/conversations', { authorization: `Bearer ${alice.token}`, 'x-request-id': alice.token });
  await send('/v1/conversations', { authorization: `Bearer ${alice.token}` }, { participantIds: [] });
  await send(`/v1/conversations?cursor=${alice.token}`, { authorization: `Bearer ${alice.token}` });
  return bodies;
}

function expectClean(target: HardeningTarget, bodies: string[], extra: string[] = []) {
  const all = [...target.secrets, ...extra];
  const text = bodies.join('\n');
  for (const secret of all) expect(text.includes(secret), 'a secret is in a response').toBe(false);
  for (const token of sentTokens)
    expect(text.includes(token.split('.')[2] ?? token), 'a token is in a response').toBe(false);
  expectNoSecrets({ ...target, secrets: all }, 'secrets');
}

describe('campaign 7: secrets stay secret', () => {
  const targets: HardeningTarget[] = [];
  beforeAll(async () => {
    targets.push(await nodeServerTarget(), await lambdaV2Target());
  });
  afterAll(async () => {
    for (const t of targets) await t.close();
  });

  it('tokens in query strings, rejected headers and request ids reach no log line and no response', async (context) => {
    let probes = 0;
    for (const target of targets) {
      const bodies = await leakProbe(target);
      probes += bodies.length / 2;
      expectClean(target, bodies);
    }
    recordFigures(context, 'secrets', 'node + lambda: risky requests', {
      requests: probes,
      logLines: targets.reduce((n, t) => n + t.logs.length, 0),
      leaks: 0,
    });
  });

  it('a store that is down logs its error without credentials; the 503 shows none', async (context) => {
    // The node server's DynamoDB on a dead port, with credentials that must not be logged.
    const down = await nodeServerTarget(
      {},
      { table: { endpoint: await deadEndpoint(), table: 'parley' }, awsSecretAccessKey: AWS_SECRET },
    );
    try {
      const bodies = await leakProbe(down);
      expect(down.logs.some((line) => line.includes('"level":"error"'))).toBe(true);
      expectClean(down, bodies, [AWS_SECRET]);
      recordFigures(context, 'secrets', 'node server, DynamoDB down', {
        requests: bodies.length / 2,
        logLines: down.logs.length,
        leaks: 0,
      });
    } finally {
      await down.close();
    }
  });

  it('an invalid Lambda configuration names the variable, never its value', async () => {
    const broken = await lambdaV2Target({ CURSOR_SECRET: SHORT_SECRET });
    try {
      const response = await broken.fetch(new Request('http://parley.test/health'));
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(text).toContain('CURSOR_SECRET');
      expect(text).not.toContain(SHORT_SECRET);
      expect(broken.logs.join('\n')).not.toContain(SHORT_SECRET);
    } finally {
      await broken.close();
    }
  });
});
