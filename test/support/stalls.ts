import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import type { DynamoOperation, DynamoTransport } from '../../src/repository/dynamodb/index.js';
import type { Repository } from '../../src/repository/port.js';
import { Client } from '../contract/http/client.js';
import type { HttpTarget } from '../contract/http/target.js';
import { hs256TestConfig } from './app-config.js';

/**
 * Support for FAULT INJECTION tests of requests that stall: a clock the test moves by hand (so a
 * 60 s lease lapses without a 60 s wait), a transport wrapper that holds chosen calls at a gate
 * until the test opens it (a frozen process, a call stuck in the network), and app instances that
 * share one store and one clock, like two instances of one deployment.
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

/** FAULT INJECTION: a DynamoDB transport whose next call of an armed operation waits at a gate. */
export function gatedTransport(inner: DynamoTransport) {
  const armed: HeldCall[] = [];
  const waiting: Array<{ call: HeldCall; arrive: () => void; opened: Promise<void> }> = [];
  const transport: DynamoTransport = async (operation, input) => {
    const index = waiting.findIndex((w) => w.call.operation === operation);
    if (index >= 0) {
      const [held] = waiting.splice(index, 1);
      if (held) {
        held.arrive();
        await held.opened;
      }
    }
    return inner(operation, input);
  };
  return {
    transport,
    /** Hold the next call of `operation` (the ones armed earlier are held first). */
    hold(operation: DynamoOperation): HeldCall {
      let arrive = () => {};
      let open = () => {};
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const call: HeldCall = { operation, arrived, open };
      waiting.push({ call, arrive, opened });
      armed.push(call);
      return call;
    },
    /** Open every gate still armed or waiting (test clean-up). */
    openAll(): void {
      for (const call of armed) call.open();
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
