import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { stringOptions } from '../../args.js';
import { demoToken, renderInstructions } from '../instructions.js';
import { portIsFree } from '../ports.js';
import { startLocalAws } from './aws.js';
import { startLocalNode } from './node.js';
import { startLocalStack } from './stack.js';

/** The targets `npm run dev -- --target <name>` serves besides the Worker. */
export type LocalTarget = 'aws' | 'node';

export interface LocalTargetOptions {
  root: string;
  target: LocalTarget;
  /** Port of the front door (aws) or the server (node); 0 for a free one. */
  port: number;
  persist?: string;
  dynamodbEndpoint?: string;
  table?: string;
  /** Build output folder. Default `dist`. */
  dist?: string;
  /** Build the bundle first (default), or serve what `dist` holds. */
  build?: boolean;
  concurrency?: number;
  output?: (text: string) => void;
  tokenHours?: number;
  /** Default `<root>/.dev.vars`. */
  devVarsFile?: string;
}

export interface RunningLocalTarget {
  url: string;
  token: string;
  /** What to print: the dev token, the curl lines, what runs where. */
  banner: string;
  stop(): Promise<void>;
}

const BUNDLES: Record<LocalTarget, string> = { aws: 'lambda', node: 'node' };

/**
 * DynamoDB Local with Parley's table, the built bundle of `target` on this machine (Lambda behind a
 * local HTTP API, or the Node server), and a dev token signed with `.dev.vars`' AUTH_HS256_SECRET.
 */
export async function startLocalTarget(options: LocalTargetOptions): Promise<RunningLocalTarget> {
  const dist = options.dist ?? 'dist';
  const tokenHours = options.tokenHours ?? 24;
  if (options.build !== false) {
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', BUNDLES[options.target], '--outdir', dist], {
      cwd: options.root,
    });
  }
  const stack = await startLocalStack({
    root: options.root,
    ...(options.persist ? { persist: resolve(options.persist) } : {}),
    ...(options.dynamodbEndpoint ? { dynamodbEndpoint: options.dynamodbEndpoint } : {}),
    ...(options.table ? { table: options.table } : {}),
    ...(options.devVarsFile ? { devVarsFile: options.devVarsFile } : {}),
  });
  let running: { url: string; stop(): Promise<void>; lines: string[] };
  try {
    const common = {
      root: options.root,
      stack,
      dist,
      port: options.port,
      ...(options.output ? { output: options.output } : {}),
    };
    if (options.target === 'aws') {
      const aws = await startLocalAws({
        ...common,
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      });
      running = {
        url: aws.url,
        stop: aws.stop,
        lines: [
          ...aws.hosts.map((host) => `Lambda ${host.name}: the built bundle in local execution environments`),
          ...aws.sources.map((source) => `  fed by: ${source.description}`),
        ],
      };
    } else {
      const node = await startLocalNode(common);
      running = { ...node, lines: [`Node server: ${dist}/node/server.js`] };
    }
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const token = await demoToken(stack.devVars, tokenHours);
  const what =
    options.target === 'aws'
      ? `Parley is running as the built Lambda bundle behind a local HTTP API at ${running.url}.`
      : `Parley is running as the built Node server at ${running.url}.`;
  const banner = [
    ...stack.notes,
    ...running.lines,
    renderInstructions(running.url, token, tokenHours, stack.dynamodb.endpoint, what).replace(
      'Press Ctrl-C to stop.',
      'Each request writes one CloudWatch EMF line (metrics + access log) to the output above.\nPress Ctrl-C to stop.',
    ),
  ].join('\n');
  return {
    url: running.url,
    token,
    banner,
    stop: async () => {
      await running.stop();
      await stack.stop();
    },
  };
}

/** `npm run dev -- --target aws|node [--port N] [--persist DIR] [--dynamodb-endpoint URL] [--no-build]`. */
export async function runLocalTarget(root: string, target: LocalTarget, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...stringOptions('target', 'port', 'persist', 'persist-to', 'dynamodb-endpoint', 'table', 'dist', 'concurrency'),
      'no-build': { type: 'boolean', default: false },
    },
  });
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`npm run dev: --port must be a port number, got ${values.port}`);
    return 2;
  }
  let running: RunningLocalTarget;
  try {
    running = await startLocalTarget({
      root,
      target,
      port: values.port === undefined ? ((await portIsFree(port)) ? port : 0) : port,
      build: !values['no-build'],
      ...((values.persist ?? values['persist-to']) ? { persist: values.persist ?? values['persist-to'] } : {}),
      ...(values['dynamodb-endpoint'] ? { dynamodbEndpoint: values['dynamodb-endpoint'] } : {}),
      ...(values.table ? { table: values.table } : {}),
      ...(values.dist ? { dist: values.dist } : {}),
      ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    });
  } catch (error) {
    console.error(`npm run dev -- --target ${target}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.log(running.banner);
  await new Promise<void>((resolveStop) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolveStop());
  });
  await running.stop();
  return 0;
}
