import type { Readable } from 'node:stream';
import type { Miniflare } from 'miniflare';
import { WORKER_VARS, workerTarget } from '../../runtime/worker-setup.js';
import { tracked, type HardeningTarget } from './targets.js';

/** Every line workerd printed (the Worker's `console.log` goes there), for campaign 7's search. */
export const workerdLines: string[] = [];

/**
 * Miniflare's `handleRuntimeStdio`: keeps workerd's output on the test output, as Miniflare does by
 * default, and also remembers each line.
 */
export function captureWorkerdOutput(stdout: Readable, stderr: Readable): void {
  for (const [stream, sink] of [
    [stdout, process.stdout],
    [stderr, process.stderr],
  ] as const) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      sink.write(chunk);
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      workerdLines.push(...lines);
    });
  }
}

/** The KV-backed Worker in the run's one Miniflare, over real HTTP, as a campaign target. */
export async function workerHardeningTarget(mf: Miniflare): Promise<HardeningTarget> {
  const base = await workerTarget(mf);
  return {
    ...base,
    name: 'worker (workerd, KV)',
    token: (sub, opts) => tracked(base.token(sub, opts)),
    logs: workerdLines,
    secrets: [WORKER_VARS.AUTH_HS256_SECRET, WORKER_VARS.CURSOR_SECRET],
    close: async () => undefined,
  };
}
