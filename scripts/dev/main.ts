import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringOptions } from '../args.js';
import { ensureDocsUi } from '../docs-ui.js';
import { LOCAL_CORS_ORIGINS } from './cors.js';
import { ensureDevVars, syncRealtimeDevVars } from './dev-vars.js';
import { demoToken, renderInstructions } from './instructions.js';
import { type LocalTarget, runLocalTarget } from './local/main.js';
import { localMediaEndpoint, startMediaNotifier } from './media-notifier.js';
import { freePort, portIsFree } from './ports.js';
import { launchWranglerDev } from './wrangler-dev.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_PORT = 8787;
const TOKEN_HOURS = 24;

/**
 * `npm run dev [-- --port N] [--persist-to DIR] [--cors-origin URL]…`: serve the Worker with `wrangler dev`, then print a dev token and curl
 * lines for it. `npm run dev -- --target aws|node` serves the built Lambda bundle or Node server instead
 * (scripts/dev/local/main.ts). Resolves with the exit code once wrangler has stopped (Ctrl-C).
 */
export async function main(argv: string[]): Promise<number> {
  // `--target aws` (the built Lambda bundle behind a local HTTP API) or `--target node`: scripts/dev/local/.
  const target = localTarget(argv);
  if (target) return runLocalTarget(ROOT, target, argv);
  const { vars, created } = ensureDevVars(join(ROOT, '.dev.vars'));
  if (created.length > 0) console.log(`Created .dev.vars with random ${created.join(' and ')}.`);
  syncRealtimeDevVars(join(ROOT, 'adapters', 'cloudflare', '.dev.vars'), vars);
  const options = parseOptions(argv);
  ensureDocsUi(ROOT); // /docs loads the Scalar bundle from the static assets: offline, no CDN
  const port = options.port ?? ((await portIsFree(DEFAULT_PORT)) ? DEFAULT_PORT : await freePort());

  const dev = launchWranglerDev({
    cwd: ROOT,
    port,
    ...(options.persistTo ? { persistTo: options.persistTo } : {}),
    vars: {
      // Uploads and downloads are presigned against Miniflare's local R2 S3 endpoint, on this port.
      MEDIA_ENDPOINT: localMediaEndpoint(`http://127.0.0.1:${port}`),
      // `--cors-origin` adds a browser origin (a front end on another port) to the local ones.
      ...(options.corsOrigins.length > 0
        ? { CORS_ALLOWED_ORIGINS: [LOCAL_CORS_ORIGINS, ...options.corsOrigins].join(',') }
        : {}),
    },
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
    void dev.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  try {
    await dev.ready;
  } catch (error) {
    console.error(`npm run dev: ${(error as Error).message}`);
    return 1;
  }

  const token = await demoToken(vars, TOKEN_HOURS);
  console.log(renderInstructions(dev.url, token, TOKEN_HOURS, options.persistTo ?? '.wrangler/state'));
  const stopNotifier = startMediaNotifier(dev.url);
  const code = await dev.exited;
  stopNotifier();
  // Stopped on request (Ctrl-C): a clean exit, whatever code wrangler uses for SIGINT (130 today).
  if (stopping) return 0;
  return typeof code === 'number' ? code : 0;
}

/** The `--target` asked for: `aws`, `node`, or none (`cloudflare`, the default: wrangler dev). */
function localTarget(argv: string[]): LocalTarget | undefined {
  const at = argv.findIndex((arg) => arg === '--target' || arg.startsWith('--target='));
  if (at < 0) return undefined;
  const value = argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  if (value === 'cloudflare') {
    argv.splice(at, argv[at]!.includes('=') ? 1 : 2);
    return undefined;
  }
  if (value === 'aws' || value === 'node') return value;
  throw new Error(`--target must be cloudflare, aws or node, got ${value}`);
}

function parseOptions(argv: string[]): { port?: number; persistTo?: string; corsOrigins: string[] } {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...stringOptions('port', 'persist-to'),
      'cors-origin': { type: 'string', multiple: true },
    },
  });
  const port = Number(values.port);
  if (values.port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error(`--port must be a port number, got ${values.port}`);
  }
  return {
    ...(values.port !== undefined ? { port } : {}),
    ...(values['persist-to'] ? { persistTo: values['persist-to'] } : {}),
    corsOrigins: values['cors-origin'] ?? [],
  };
}
