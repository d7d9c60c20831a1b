import { stopProcess as stopChild } from '../../scripts/dynamodb-local.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = promisify(execFile);

/**
 * Runs `node <args>` in a fresh process and parses the JSON on the last line it prints (the code
 * under test may log lines of its own before it).
 */
export async function nodeJson<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const { stdout } = await run(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

/** A free loopback port (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** `GET http://127.0.0.1:<port><path>` → status, or `null` while nothing listens. */
function status(port: number, path: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? null));
    });
    req.once('error', () => resolve(null));
    req.end();
  });
}

/** Polls until `path` answers 200; rejects after `timeoutMs` or when `child` exits first. */
export async function untilOk(port: number, path: string, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering`);
    const answer = await status(port, path);
    if (answer === 200) return;
    if (performance.now() > deadline)
      throw new Error(`no 200 from :${port}${path} within ${timeoutMs} ms (last: ${answer})`);
    // A refused connection returns at once; a short pause keeps the poll from starving the server.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** `node <file>` serving on `port`: resolves with the process once `/health` answers 200. */
export async function startNodeServer(file: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await untilOk(port, '/health', child);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return child;
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
export const stopProcess = (child: ChildProcess) => stopChild(child, 3000);

/**
 * Like `nodeJson`, for a probe whose stdout is the code under test's own output (log lines): it is
 * read and dropped as a pipe (as Lambda's runtime reads it), and the probe writes its JSON to
 * `$RESULT_FILE` instead.
 */
export async function nodeResultFile<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-probe-'));
  const file = join(dir, 'result.json');
  try {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', ...env, RESULT_FILE: file },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`probe exited ${code}: ${stderr}`);
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
