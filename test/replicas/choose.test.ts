import { describe, expect, it } from 'vitest';
import { createReplicaFailover, orderReplicasForLocation, orderReplicasForRegion } from '../../src/replicas/index.js';
import { StoreUnavailableError, VersionMismatchError } from '../../src/repository/errors.js';

const replicas = ['us-east-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-1', 'sa-east-1'];

describe('nearest replica for a Lambda@Edge execution Region', () => {
  it.each([
    ['us-east-1', 'us-east-1'],
    ['us-east-2', 'us-east-1'],
    ['ca-central-1', 'us-east-1'],
    ['us-west-1', 'us-west-2'],
    ['eu-west-2', 'eu-central-1'],
    ['eu-west-3', 'eu-central-1'],
    ['eu-north-1', 'eu-central-1'],
    ['me-south-1', 'eu-central-1'],
    ['ap-northeast-2', 'ap-northeast-1'],
    ['ap-south-1', 'ap-southeast-1'],
    ['ap-southeast-2', 'ap-southeast-1'],
    ['sa-east-1', 'sa-east-1'],
  ])('%s → %s', (region, expected) => {
    expect(orderReplicasForRegion(replicas, region)[0]).toBe(expected);
  });

  it('ranks every replica, next nearest second (the failover order)', () => {
    const order = orderReplicasForRegion(replicas, 'eu-west-2');
    expect(order.slice(0, 2)).toEqual(['eu-central-1', 'us-east-1']);
    expect([...order].sort()).toEqual([...replicas].sort());
  });

  it.each([['xx-nowhere-1'], [undefined]])('keeps the configured order for %s', (region) => {
    expect(orderReplicasForRegion(replicas, region)).toEqual(replicas);
  });

  it('keeps a replica of unknown location, after the located ones', () => {
    expect(orderReplicasForRegion(['xx-new-1', 'eu-central-1', 'us-east-1'], 'eu-west-1')).toEqual([
      'eu-central-1',
      'us-east-1',
      'xx-new-1',
    ]);
  });
});

describe('nearest replica for a Workers request.cf', () => {
  it.each([
    ['Paris', { latitude: '48.8566', longitude: '2.3522', continent: 'EU' }, 'eu-central-1'],
    ['New York', { latitude: '40.7128', longitude: '-74.0060', continent: 'NA' }, 'us-east-1'],
    ['Seattle', { latitude: '47.6062', longitude: '-122.3321', continent: 'NA' }, 'us-west-2'],
    ['Buenos Aires', { latitude: '-34.6037', longitude: '-58.3816', continent: 'SA' }, 'sa-east-1'],
    ['Seoul', { latitude: '37.5665', longitude: '126.9780', continent: 'AS' }, 'ap-northeast-1'],
    ['Jakarta', { latitude: '-6.2088', longitude: '106.8456', continent: 'AS' }, 'ap-southeast-1'],
    ['Sydney', { latitude: '-33.8688', longitude: '151.2093', continent: 'OC' }, 'ap-southeast-1'],
    ['numbers, not strings', { latitude: 50.1, longitude: 8.7 }, 'eu-central-1'],
    ['continent EU only', { continent: 'EU' }, 'eu-central-1'],
    ['continent NA only', { continent: 'NA' }, 'us-east-1'],
    ['continent SA only', { continent: 'SA' }, 'sa-east-1'],
    ['continent AS only', { continent: 'AS' }, 'ap-southeast-1'],
    ['continent OC only', { continent: 'OC' }, 'ap-southeast-1'],
    ['continent AF only', { continent: 'AF' }, 'eu-central-1'],
    ['unparsable coordinates, continent SA', { latitude: 'abc', longitude: '', continent: 'SA' }, 'sa-east-1'],
    ['out-of-range latitude, continent AS', { latitude: '123', longitude: '10', continent: 'AS' }, 'ap-southeast-1'],
    ['unknown continent (Tor: T1)', { continent: 'T1' }, 'us-east-1'],
    ['no location at all', {}, 'us-east-1'],
  ])('%s', (_name, location, expected) => {
    expect(orderReplicasForLocation(replicas, location)[0]).toBe(expected);
  });

  it('keeps the configured order without request.cf (e.g. wrangler dev without cf data)', () => {
    expect(orderReplicasForLocation(replicas, undefined)).toEqual(replicas);
  });
});

// Fault injection: the "replicas" here are functions that fail on purpose. The same failover runs
// against a dead endpoint and DynamoDB Local in test/edge/edge-contract.test.ts.
describe('failover to the next replica', () => {
  function setup(failing: Set<string>, error: () => unknown = () => new StoreUnavailableError()) {
    let clock = 1_000_000;
    const calls: string[] = [];
    const failover = createReplicaFailover({
      order: ['eu-central-1', 'us-east-1', 'ap-southeast-1'],
      connect: (region) => async () => {
        calls.push(region);
        if (failing.has(region)) throw error();
        return `answer from ${region}`;
      },
      quarantineMs: 30_000,
      now: () => clock,
    });
    return { failover, calls, advance: (ms: number) => (clock += ms), run: () => failover.run((send) => send()) };
  }

  it('uses the nearest replica while it answers', async () => {
    const { failover, calls, run } = setup(new Set());
    await expect(run()).resolves.toBe('answer from eu-central-1');
    expect(calls).toEqual(['eu-central-1']);
    expect(failover.status()).toEqual({
      order: ['eu-central-1', 'us-east-1', 'ap-southeast-1'],
      preferred: 'eu-central-1',
      current: 'eu-central-1',
      unhealthy: [],
    });
  });

  it('answers from the next replica when the nearest is unavailable, and shows it', async () => {
    const { failover, calls, run } = setup(new Set(['eu-central-1']));
    await expect(run()).resolves.toBe('answer from us-east-1');
    expect(calls).toEqual(['eu-central-1', 'us-east-1']);
    const status = failover.status();
    expect(status.current).toBe('us-east-1');
    expect(status.unhealthy).toEqual([{ region: 'eu-central-1', until: new Date(1_030_000).toISOString() }]);
  });

  it('remembers a bad replica for the quarantine time, then tries it again', async () => {
    const failing = new Set(['eu-central-1']);
    const { failover, calls, run, advance } = setup(failing);
    await run();
    calls.length = 0;
    await run();
    expect(calls).toEqual(['us-east-1']);

    failing.clear();
    advance(30_001);
    calls.length = 0;
    await expect(run()).resolves.toBe('answer from eu-central-1');
    expect(calls).toEqual(['eu-central-1']);
    expect(failover.status().unhealthy).toEqual([]);
    expect(failover.status().current).toBe('eu-central-1');
  });

  it('treats a network error from fetch (TypeError) as a replica failure', async () => {
    const { run } = setup(new Set(['eu-central-1']), () => new TypeError('fetch failed'));
    await expect(run()).resolves.toBe('answer from us-east-1');
  });

  it('does not retry a domain error elsewhere (a failed condition is an answer, not an outage)', async () => {
    const { calls, run } = setup(new Set(['eu-central-1']), () => new VersionMismatchError());
    await expect(run()).rejects.toBeInstanceOf(VersionMismatchError);
    expect(calls).toEqual(['eu-central-1']);
  });

  it('rethrows the last failure when every replica fails, after trying each once', async () => {
    const { calls, run } = setup(new Set(['eu-central-1', 'us-east-1', 'ap-southeast-1']));
    await expect(run()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(calls).toEqual(['eu-central-1', 'us-east-1', 'ap-southeast-1']);
    calls.length = 0;
    // All quarantined: still tried (nearest first) rather than refused unseen.
    await expect(run()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(calls).toEqual(['eu-central-1', 'us-east-1', 'ap-southeast-1']);
  });
});
