/**
 * DynamoDB Local (AWS's own emulator) without its heavy npm package: the jar ships in
 * `amplify-dynamodb-simulator`'s `emulator/` folder, so only that tarball is fetched (`npm pack`, no
 * dependency tree) and unpacked into `.cache/dynamodb-local/`, reused on later runs. Needs Java 17+.
 *
 *   npm run db:local [-- --port N] [--persist DIR]   # in the foreground; Ctrl-C stops it
 *
 * Default port 8000 (DynamoDB Local's own, which `npm run db:create` assumes), or a free one when it
 * is taken; data in memory unless `--persist DIR` (DynamoDB Local's `-dbPath`: one `shared-local-instance.db`
 * file there, kept across restarts).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

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

export interface DynamoLocalOptions {
  cacheRoot?: string;
  timeoutMs?: number;
  /** Port to listen on. Default: a free one. */
  port?: number;
  /** Keep the data in this folder (`-dbPath`), created if missing. Default: in memory, gone on stop. */
  persist?: string;
}

/**
 * Starts DynamoDB Local and resolves once it answers. It has no bind-address flag, so it listens on
 * every interface; clients use the loopback address. `-sharedDb` makes tables independent of the
 * signing keys and region, so refreshed credentials (and any dummy keys) see the same tables.
 */
export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  const dir = await ensureDynamoLocalJar(options.cacheRoot);
  const port = options.port ?? (await freePort());
  const storage = options.persist
    ? ['-dbPath', await mkdir(resolve(options.persist), { recursive: true }).then(() => resolve(options.persist!))]
    : ['-inMemory'];
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
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

/** The port DynamoDB Local uses by default, and `npm run db:create` assumes. */
export const DYNAMODB_LOCAL_PORT = 8000;

/** `port` when nothing listens on it (on any interface: DynamoDB Local binds them all), else a free one. */
export async function portOrFree(port: number): Promise<number> {
  return freePort(port).catch(() => freePort());
}

function freePort(port = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string' }, persist: { type: 'string' } } });
  const port = values.port === undefined ? await portOrFree(DYNAMODB_LOCAL_PORT) : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`npm run db:local: --port must be a port number, got ${values.port}`);
    process.exit(2);
  }
  const local = await startDynamoLocal({ port, ...(values.persist ? { persist: values.persist } : {}) });
  const where = values.persist ? `data kept in ${resolve(values.persist)}` : 'in memory: data is lost on stop';
  console.log(`DynamoDB Local listening: ${local.endpoint} (${where}; Ctrl-C stops it)`);
  const create =
    port === DYNAMODB_LOCAL_PORT ? 'npm run db:create' : `npm run db:create -- --endpoint ${local.endpoint}`;
  console.log(`Create Parley's table on it: ${create}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void local.stop().then(() => process.exit(0)));
}
