/**
 * DynamoDB Local (AWS's own emulator) without its heavy npm package: the jar ships in
 * `amplify-dynamodb-simulator`'s `emulator/` folder, so only that tarball is fetched (`npm pack`, no
 * dependency tree) and unpacked into `.cache/dynamodb-local/`, reused on later runs. Needs Java 17+.
 *
 *   npx tsx scripts/dynamodb-local.ts   # start it in the foreground, print the endpoint
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Pinned: the emulator inside is DynamoDB Local 1.25.1. Bump both together, deliberately. */
export const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const run = promisify(execFile);

export interface DynamoLocal {
  /** e.g. `http://127.0.0.1:41234` */
  endpoint: string;
  stop: () => Promise<void>;
}

/** The unpacked `emulator/` folder, fetched on first use. */
export async function ensureDynamoLocalJar(cacheRoot = join(root, '.cache')): Promise<string> {
  const dir = join(cacheRoot, 'dynamodb-local', SIMULATOR_PACKAGE.split('@')[1]!);
  if (existsSync(join(dir, 'DynamoDBLocal.jar'))) return dir;
  await mkdir(join(cacheRoot, 'dynamodb-local'), { recursive: true });
  // Unpack beside the target, then rename: parallel test runs never see half a folder.
  const work = await mkdtemp(join(cacheRoot, 'dynamodb-local', 'fetch-'));
  try {
    const { stdout } = await run('npm', ['pack', SIMULATOR_PACKAGE, '--json', '--pack-destination', work], {
      cwd: work,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (!packed) throw new Error(`npm pack ${SIMULATOR_PACKAGE} produced no tarball`);
    await run('tar', ['-xzf', join(work, packed.filename), '-C', work, 'package/emulator']);
    await rename(join(work, 'package', 'emulator'), dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(dir, 'DynamoDBLocal.jar'))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Starts DynamoDB Local in memory on a free port and resolves once it answers. It has no bind-address
 * flag, so it listens on every interface; clients use the loopback address. `-sharedDb` makes tables
 * independent of the signing keys and region, so refreshed credentials still see the same tables.
 */
export async function startDynamoLocal(options: { cacheRoot?: string; timeoutMs?: number } = {}): Promise<DynamoLocal> {
  const dir = await ensureDynamoLocalJar(options.cacheRoot);
  const port = await freePort();
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // If this process dies without running its teardown, do not leave a JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Error>((resolveExit) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolveExit(
        error.code === 'ENOENT'
          ? new Error(
              'DynamoDB Local needs Java 17+, and `java` is not on PATH (apt-get install openjdk-17-jre-headless; .ci/run does this)',
            )
          : error,
      ),
    );
    child.once('exit', (code) =>
      resolveExit(new Error(`DynamoDB Local exited (${code}) before it answered:\n${output}`)),
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = waitUntilAnswering(endpoint, options.timeoutMs ?? 60_000);
  const outcome = await Promise.race([ready.then(() => null), exited]);
  if (outcome) {
    child.kill('SIGKILL');
    throw outcome;
  }
  return { endpoint, stop: () => stopProcess(child) };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const local = await startDynamoLocal();
  console.log(`DynamoDB Local listening: ${local.endpoint} (Ctrl-C to stop)`);
  process.once('SIGINT', () => void local.stop().then(() => process.exit(0)));
}
