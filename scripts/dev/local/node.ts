import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { LocalStack } from './stack.js';
import { LOCAL_CORS_ORIGINS } from '../cors.js';

export interface LocalNodeOptions {
  root: string;
  stack: LocalStack;
  dist: string;
  port: number;
  output?: (text: string) => void;
}

export interface LocalNode {
  url: string;
  stop(): Promise<void>;
}

/**
 * The BUILT Node server (`dist/node/server.js`, what Greengrass runs too) on a loopback port, with
 * DynamoDB Local and the secrets of `.dev.vars`, in its own process as a supervisor would run it.
 */
export async function startLocalNode(options: LocalNodeOptions): Promise<LocalNode> {
  const { stack } = options;
  const child = spawn(process.execPath, [join(resolve(options.root, options.dist), 'node', 'server.js')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      PARLEY_STAGE: 'local',
      CORS_ALLOWED_ORIGINS: LOCAL_CORS_ORIGINS,
      ...stack.devVars,
      STORAGE_BACKEND: 'dynamodb',
      DYNAMODB_TABLE: stack.dynamodb.table,
      DYNAMODB_ENDPOINT: stack.dynamodb.endpoint,
      DYNAMODB_REGION: stack.region,
      ...stack.credentials,
    },
  });
  const output = options.output ?? ((text: string) => void process.stdout.write(text));
  let printed = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output(text);
      printed += text;
      // The server's `listening` line names its URL (adapters/node/main.ts).
      const match = /"msg":"listening","url":"(http:\/\/[^"]+)"/.exec(printed);
      if (match) resolveUrl(match[1]!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the Node server exited (${code}) before listening:\n${printed}`)));
  });
  const stop = () => stopChild(child);
  try {
    return { url: await url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
