import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import {
  type DynamoOperation,
  type DynamoTransport,
  DynamoTransportError,
} from '../../src/repository/dynamodb/index.js';
import type { Repository } from '../../src/repository/port.js';
import { Client } from '../contract/http/client.js';
import type { HttpTarget } from '../contract/http/target.js';
import { hs256TestConfig } from './app-config.js';

/**
 * Support for FAULT INJECTION tests of requests that stall: a clock the test moves by hand (so a
 * 60 s lease lapses without a 60 s wait), a transport wrapper that holds chosen calls at a gate
 * until the test opens it (a frozen process, a call stuck in the network) or throttles them, and app
 * instances that share one store and one clock, like two instances of one deployment.
 */

/** Epoch-ms time that moves only when told to; starts at the real time. */
export interface ManualClock {
  now(): Date;
  ms(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  return {
    now: () => new Date(t),
    ms: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A held call: `arrived` resolves once the call is waiting at the gate; `open` lets it go on. */
export interface HeldCall {
  operation: DynamoOperation;
  arrived: Promise<void>;
  open(): void;
}

type Waiting = { call: HeldCall; arrive: () => void; opened: Promise<void>; when: 'before' | 'after' };

/**
 * FAULT INJECTION: a DynamoDB transport whose next call of an armed operation waits at a gate, either
 * before it is sent (a process frozen with the call in hand) or after DynamoDB answered it (the answer
 * stuck on its way back), and which can throttle an operation's next calls, each costing the clock time.
 */
export function gatedTransport(inner: DynamoTransport, clock?: ManualClock) {
  const all: HeldCall[] = [];
  const waiting: Waiting[] = [];
  const throttles = new Map<DynamoOperation, { left: number; costMs: number }>();
  const take = (operation: DynamoOperation, when: Waiting['when']) => {
    const index = waiting.findIndex((w) => w.call.operation === operation && w.when === when);
    return index >= 0 ? waiting.splice(index, 1)[0] : undefined;
  };
  const transport: DynamoTransport = async (operation, input, call) => {
    const throttle = throttles.get(operation);
    if (throttle && throttle.left > 0) {
      throttle.left -= 1;
      clock?.advance(throttle.costMs);
      throw new DynamoTransportError('ThrottlingException', 'injected throttle', { status: 400 });
    }
    const before = take(operation, 'before');
    if (before) {
      before.arrive();
      await before.opened;
    }
    const output = await inner(operation, input, call);
    const after = take(operation, 'after');
    if (after) {
      after.arrive();
      await after.opened;
    }
    return output;
  };
  return {
    transport,
    /** Hold the next call of `operation` before it is sent (`after`: once DynamoDB has answered it). */
    hold(operation: DynamoOperation, when: Waiting['when'] = 'before'): HeldCall {
      let arrive = () => {};
      let open = () => {};
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const call: HeldCall = { operation, arrived, open };
      waiting.push({ call, arrive, opened, when });
      all.push(call);
      return call;
    },
    /** Throttle the next `times` calls of `operation`, each one moving the clock by `costMs`. */
    throttle(operation: DynamoOperation, times: number, costMs: number): void {
      throttles.set(operation, { left: times, costMs });
    },
    /** Open every gate (test clean-up). */
    openAll(): void {
      for (const call of all) call.open();
      throttles.clear();
    },
  };
}

/** One app instance over `repository`, on the shared clock, as an `HttpTarget` and a `Client`. */
export interface Instance {
  name: string;
  target: HttpTarget;
  client: Client;
  logs: string[];
}

/**
 * App instances built in-process over their own repositories (built by `repositoryFor`, e.g. each over
 * its own gated transport to one DynamoDB Local table), one config and one manual clock. Tokens are
 * valid for a day of that clock, so moving it by minutes keeps them valid.
 */
export function instancesOn(
  name: string,
  clock: ManualClock,
  repositories: Array<{ name: string; repository: Repository }>,
): Instance[] {
  const { secret, config } = hs256TestConfig(name);
  const issued = clock.now();
  return repositories.map(({ name: instance, repository }) => {
    const logs: string[] = [];
    const app = createApp({ config, repository, now: clock.now, log: (entry) => logs.push(JSON.stringify(entry)) });
    const target: HttpTarget = {
      fetch: async (request) => app.fetch(request),
      token: (sub, opts) => signDevToken({ sub, secret, ttlSeconds: 86_400, now: issued, ...opts }),
    };
    return { name: instance, target, client: new Client(target), logs };
  });
}
