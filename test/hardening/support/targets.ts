import { MEDIA_TEST_VARIABLES } from '../../support/media-env.js';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../../../adapters/node/server.js';
import { createNodeDeps } from '../../../adapters/node/deps.js';
import { createApp } from '../../../src/app.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import type { ConfigSource } from '../../../src/config.js';
import type { HttpTarget } from '../../contract/http.js';
import { toEvent, toResponse } from '../../adapters/lambda/front-doors.js';
import { sentTokens } from './secrets.js';
import { freshLocalTable, LOCAL_KEYS, localDynamoVariables } from '../../repository/dynamodb-fixtures.js';

/**
 * A deploy target under attack: the contract suite's `HttpTarget`, plus every log line it wrote
 * (as JSON text) and the secrets it was configured with, so campaign 7 can search the logs.
 */
export interface HardeningTarget extends HttpTarget {
  name: string;
  logs: string[];
  secrets: string[];
  close(): Promise<void>;
}

/** Random configuration secrets, distinct per target so a leak names its source. */
export function targetSecrets(label: string): { AUTH_HS256_SECRET: string; CURSOR_SECRET: string } {
  const random = () =>
    crypto.getRandomValues(new Uint8Array(24)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
  return { AUTH_HS256_SECRET: `hs-${label}-${random()}`, CURSOR_SECRET: `cur-${label}-${random()}` };
}

/** Remembers a token handed to a campaign, so the log search (campaign 7) looks for it. */
export async function tracked(token: Promise<string>): Promise<string> {
  const value = await token;
  sentTokens.add(value);
  return value;
}

/** A fresh table on the run's DynamoDB Local. */
export const localTable = freshLocalTable;

/**
 * The Node server (`adapters/node/server.ts`) on a loopback port, DynamoDB Local behind it, the
 * app's `deps.log` captured. `source` overrides the configuration (e.g. JWKS mode); several servers
 * given the same `table` and `secrets` act like several instances of one deployment.
 */
export async function nodeServerTarget(
  source: ConfigSource = {},
  options: {
    table?: { endpoint: string; table: string };
    secrets?: ReturnType<typeof targetSecrets>;
    awsSecretAccessKey?: string;
  } = {},
): Promise<HardeningTarget> {
  const secrets = options.secrets ?? targetSecrets('node');
  const { endpoint, table } = options.table ?? (await localTable('hard-node'));
  const logs: string[] = [];
  const env = {
    AUTH_MODE: 'hs256',
    ...secrets,
    ...localDynamoVariables(table, endpoint),
    ...MEDIA_TEST_VARIABLES,
    ...(options.awsSecretAccessKey ? { AWS_SECRET_ACCESS_KEY: options.awsSecretAccessKey } : {}),
    ...source,
  };
  const app = createApp(createNodeDeps(env, 'node', (entry) => logs.push(JSON.stringify(entry))));
  const server = await startServer({ fetch: app.fetch, port: 0 });
  return {
    name: 'node server (loopback, DynamoDB Local)',
    baseUrl: server.url,
    fetch: (request) => fetch(request),
    token: (sub, opts) => tracked(signDevToken({ sub, secret: secrets.AUTH_HS256_SECRET, ...opts })),
    logs,
    secrets: [
      secrets.AUTH_HS256_SECRET,
      secrets.CURSOR_SECRET,
      options.awsSecretAccessKey ?? LOCAL_KEYS.secretAccessKey,
      MEDIA_TEST_VARIABLES.MEDIA_SECRET_ACCESS_KEY,
    ],
    close: () => server.close(),
  };
}

type Handler = (event: unknown, context: { awsRequestId: string }) => Promise<unknown>;

let built: Promise<string> | undefined;
let instances = 0;

/** Builds the Lambda bundle (`scripts/build.mjs lambda`, what template.yaml deploys) once per file. */
function buildLambda(): Promise<string> {
  built ??= (async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'parley-hardening-lambda-'));
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', 'lambda', '--outdir', outdir], {
      cwd: new URL('../../../', import.meta.url),
    });
    process.once('exit', () => void rm(outdir, { recursive: true, force: true }));
    return join(outdir, 'lambda', 'handler.mjs');
  })();
  return built;
}

/**
 * The BUILT Lambda bundle behind an HTTP API (payload v2, named stage): each request becomes the
 * v2 event, the result becomes the client's response. The bundle logs with `console`, so console
 * output is captured (and kept off the test output) until `close`. Each call loads a fresh module
 * instance, configured from `source` through the environment as template.yaml does.
 */
export async function lambdaV2Target(source: ConfigSource = {}): Promise<HardeningTarget> {
  const file = await buildLambda();
  const secrets = targetSecrets('lambda');
  const { endpoint, table } = await localTable('hard-lambda');
  const env: Record<string, string> = {
    PARLEY_STAGE: 'test',
    AUTH_MODE: 'hs256',
    ...secrets,
    ...localDynamoVariables(table, endpoint),
    ...MEDIA_TEST_VARIABLES,
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    ...(source as Record<string, string>),
  };
  const logs: string[] = [];
  const { handler } = (await import(`${pathToFileURL(file).href}?instance=${++instances}`)) as { handler: Handler };
  // The environment is read when the first invocation builds the app and its clients; it stays
  // set (and console stays captured) until `close`, since SDK clients may read it lazily.
  const saved = { ...process.env };
  const original = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  const capture = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
  Object.assign(process.env, env);
  Object.assign(console, { log: capture, error: capture, warn: capture, info: capture });
  const invoke = (event: unknown) => handler(event, { awsRequestId: crypto.randomUUID() });
  const restore = async () => {
    Object.assign(console, original);
    for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name];
    Object.assign(process.env, saved);
  };
  return {
    name: 'lambda bundle (HTTP API v2 event)',
    fetch: async (request) => toResponse('apigw-v2', await invoke(await toEvent('apigw-v2', request))),
    token: (sub, opts) => tracked(signDevToken({ sub, secret: secrets.AUTH_HS256_SECRET, ...opts })),
    logs,
    secrets: [
      secrets.AUTH_HS256_SECRET,
      secrets.CURSOR_SECRET,
      LOCAL_KEYS.secretAccessKey,
      MEDIA_TEST_VARIABLES.MEDIA_SECRET_ACCESS_KEY,
    ],
    close: restore,
  };
}
