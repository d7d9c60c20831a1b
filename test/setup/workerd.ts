import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';
import type { TestProject } from 'vitest/node';
import { createTable } from '../../scripts/db-create.js';
import { createAws4fetchTransport } from '../../src/repository/dynamodb/index.js';
import { workerdWorkers } from '../adapters/cloudflare/workers.js';
import { needed } from './needed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Worker name → its loopback URL in the run's one workerd, or `null` when no selected file needs it. */
    workerdUrls: Record<string, string> | null;
    /** File that collects every line workerd printed (the Workers' logs), for the secrets campaign. */
    workerdLog: string | null;
  }
}

const KEYS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Whether a selected test file needs workerd (it, or a helper it imports, mentions `workerdUrls`). */
export function workerdNeeded(project: TestProject): Promise<boolean> {
  return needed(project, 'workerdUrls', process.env.PARLEY_WORKERD);
}

/**
 * Starts workerd once per run, through ONE Miniflare holding every Worker the tests use
 * (`test/adapters/cloudflare/workers.ts`), each on its own loopback socket; test files in any
 * process reach them over real HTTP. Its output goes to the test output and to `workerdLog`.
 */
export async function setupWorkerd(project: TestProject, dynamodbEndpoint: string): Promise<() => Promise<void>> {
  const table = `parley-worker-${Math.random().toString(36).slice(2, 8)}`;
  await createTable(createAws4fetchTransport({ region: 'us-east-1', endpoint: dynamodbEndpoint, ...KEYS }), table);
  const workers = await workerdWorkers({ endpoint: dynamodbEndpoint, table, region: 'us-east-1', ...KEYS });
  const logFile = join(await mkdtemp(join(tmpdir(), 'parley-workerd-')), 'workerd.log');
  const log = createWriteStream(logFile);
  const mf = new Miniflare({
    workers,
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => tee(stdout, stderr, log),
  });
  await mf.ready;
  const urls: Record<string, string> = {};
  for (const worker of workers) {
    if (worker.name) urls[worker.name] = (await mf.unsafeGetDirectURL(worker.name)).href;
  }
  project.provide('workerdUrls', urls);
  project.provide('workerdLog', logFile);
  return async () => {
    await mf.dispose();
    log.end();
  };
}

/** Keeps workerd's output on the test output, as Miniflare does by default, and copies it to `log`. */
function tee(stdout: Readable, stderr: Readable, log: NodeJS.WritableStream): void {
  for (const [stream, sink] of [
    [stdout, process.stdout],
    [stderr, process.stderr],
  ] as const) {
    stream.on('data', (chunk: Buffer) => {
      sink.write(chunk);
      log.write(chunk);
    });
  }
}
