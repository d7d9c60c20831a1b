import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface WranglerDevOptions {
  /** Project root, where `wrangler.toml` and `node_modules/` are. */
  cwd: string;
  /** Loopback port to serve on. */
  port: number;
  /** Local persistence folder for KV. Default: wrangler's own, `.wrangler/state`. */
  persistTo?: string;
  /** Extra variables passed as `--var NAME:value`; they override `wrangler.toml` and `.dev.vars`. */
  vars?: Record<string, string>;
  /** `inherit` shows wrangler's output (the default); `pipe` keeps it, readable through `output()`. */
  stdio?: 'inherit' | 'pipe';
  /**
   * Wrangler configurations run in one session (`-c a -c b`, wrangler 4's multi-Worker dev), the API
   * Worker's first: it gets `port`. Default: the API Worker and the realtime Worker, which bind each
   * other's Durable Objects by script name.
   */
  configs?: readonly string[];
  /** How long to wait for `GET /health` to answer 200. Default 60 s. */
  readyTimeoutMs?: number;
}

export interface WranglerDev {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** wrangler's output so far (only with `stdio: 'pipe'`). */
  output(): string;
  /** Resolves with wrangler's exit code (or signal name) when it has exited. */
  exited: Promise<number | string>;
  /** Resolves once `GET /health` answers 200; rejects (with wrangler's output, if piped) otherwise. */
  ready: Promise<void>;
  /** Ctrl-C for wrangler (it then stops workerd), escalating to SIGKILL of its process group after 10 s. */
  stop(): Promise<void>;
}

/** Start wrangler dev and wait until it is ready; on failure it is stopped and the error thrown. */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const dev = launchWranglerDev(options);
  await dev.ready;
  return dev;
}

/**
 * Launch the real `wrangler dev` CLI in local mode; `ready` tells when the Worker answers `GET /health`.
 * Returns at once, so the caller can wire Ctrl-C to `stop()` before waiting. Wrangler runs in its own process group so a terminal's Ctrl-C reaches it once, through `stop()`,
 * and a hung wrangler can be killed together with its workerd children.
 */
/**
 * Wrangler's CLI module. Its `bin/wrangler.js` refuses to start on Node 20 (from 4.87 it exits with
 * "Wrangler requires at least Node.js v22"), while the CLI itself runs on Node 20 and only warns;
 * 4.116.0 is pinned as the newest release on Miniflare 4 (package.json), so it is started directly.
 */
export function wranglerCli(cwd: string): string {
  return join(cwd, 'node_modules', 'wrangler', 'wrangler-dist', 'cli.js');
}

/**
 * What `npm run dev` serves: the API Worker, the realtime Worker (real-time events, docs/realtime.md) and
 * the media processor Worker (docs/media.md), sharing the session's bucket and queue.
 */
export const DEV_CONFIGS = [
  'wrangler.toml',
  'adapters/cloudflare/realtime.wrangler.toml',
  'adapters/cloudflare/media.wrangler.toml',
] as const;

export function launchWranglerDev(options: WranglerDevOptions): WranglerDev {
  const { cwd, port, persistTo, vars = {}, stdio = 'inherit', readyTimeoutMs = 60_000 } = options;
  const configs = options.configs ?? DEV_CONFIGS;
  const args = [
    wranglerCli(cwd),
    'dev',
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--show-interactive-dev-session=false',
    ...configs.flatMap((config) => ['-c', config]),
    ...(persistTo ? ['--persist-to', persistTo] : []),
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd,
    detached: true,
    stdio: ['ignore', stdio, stdio],
    env: {
      // No network needed (or wanted) for local work: no usage metrics, no download of the
      // `Request.cf` sample (Parley does not read `request.cf`).
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      ...process.env,
    },
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child, exited);
  const ready = waitForHealth(url, exited, readyTimeoutMs).catch(async (error: unknown) => {
    await stop();
    throw new Error(`${(error as Error).message}${log ? `\n--- wrangler output ---\n${log}` : ''}`);
  });
  return { url, output: () => log, exited, ready, stop };
}

async function waitForHealth(url: string, exited: Promise<number | string>, timeoutMs: number): Promise<void> {
  let gone: number | string | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`wrangler dev exited (${gone}) before ${url}/health answered`);
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}/health did not answer within ${timeoutMs / 1000} s`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => killGroup(child), 10_000);
  await exited;
  clearTimeout(timer);
  killGroup(child); // a workerd left behind by a wrangler that died mid-shutdown
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
