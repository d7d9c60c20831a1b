import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DevProcess {
  child: ChildProcess;
  /** Everything `npm run dev` printed so far (its own lines and wrangler's). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string>;
}

/**
 * Run `scripts/dev.mjs` (what `npm run dev` runs) exactly as a developer would, with extra CLI flags,
 * and wait until it has printed its instructions (the last line is "Press Ctrl-C to stop.").
 */
export async function startDevProcess(args: string[], timeoutMs: number): Promise<DevProcess> {
  const child = spawn(process.execPath, ['scripts/dev.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const printed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm run dev printed no instructions within ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm run dev exited (${code}) before it was ready:\n${log}`));
    });
  });
  const dev = { child, output: () => log, exited };
  await printed.catch(async (error: unknown) => {
    await stopDevProcess(dev);
    throw error;
  });
  return dev;
}

/** Ctrl-C, as a terminal sends it; SIGKILL if it has not exited after `graceMs`. */
export async function stopDevProcess(dev: DevProcess, graceMs = 20_000): Promise<number | string> {
  if (dev.child.exitCode === null && dev.child.signalCode === null) {
    dev.child.kill('SIGINT');
    const timer = setTimeout(() => dev.child.kill('SIGKILL'), graceMs);
    void dev.exited.then(() => clearTimeout(timer));
  }
  return dev.exited;
}
