import { isAbsolute, join, relative, resolve } from 'node:path';
import { readTemplate, templateFunctions } from '../../template/functions.js';
import { LOCAL_FUNCTIONS, localEnvironment, type RunningSource } from '../aws/functions.js';
import { createFunctionHost, type FunctionHost } from '../aws/lambda-runtime.js';
import type { LocalStack } from './stack.js';

export interface LocalAwsOptions {
  root: string;
  stack: LocalStack;
  /** Where `npm run build` wrote the bundles (the template's `CodeUri`s start with `dist/`). */
  dist: string;
  /** Port of the API's front door; 0 for a free one. */
  port: number;
  /** Execution environments per function. Default 4. */
  concurrency?: number;
  /** Where the functions' output goes. Default: this process's stdout. */
  output?: (text: string) => void;
}

export interface LocalAws {
  /** The API's base URL (the HTTP API front door). */
  url: string;
  hosts: FunctionHost[];
  sources: RunningSource[];
  stop(): Promise<void>;
}

/**
 * Every function template.yaml declares, each in its own Lambda execution environments running the
 * BUILT bundle, fed by its local event sources (`../aws/functions.ts`).
 */
export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const template = readTemplate();
  const hosts: FunctionHost[] = [];
  const sources: RunningSource[] = [];
  const stop = async () => {
    await Promise.all(sources.map((source) => source.stop()));
    await Promise.all(hosts.map((host) => host.stop()));
  };
  try {
    for (const fn of templateFunctions(template)) {
      const local = LOCAL_FUNCTIONS.find((candidate) => candidate.logicalId === fn.logicalId);
      if (!local) {
        throw new Error(
          `template.yaml declares ${fn.logicalId}, which has no entry in scripts/dev/aws/functions.ts (LOCAL_FUNCTIONS)`,
        );
      }
      const host = createFunctionHost({
        name: fn.logicalId,
        taskRoot: codeFolder(options.root, options.dist, fn.codeUri),
        handler: fn.handler,
        timeoutMs: fn.timeoutSeconds * 1000,
        memoryMb: fn.memoryMb,
        environment: localEnvironment(template, fn, local, options.stack),
        region: options.stack.region,
        ...(options.concurrency ? { maxEnvironments: options.concurrency } : {}),
        ...(options.output ? { output: options.output } : {}),
      });
      hosts.push(host);
      for (const source of local.sources) {
        // The first source with a URL (the API's front door) takes the requested port.
        const port = sources.some((running) => running.url) ? 0 : options.port;
        sources.push(await source.start(host, options.stack, { port }));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const url = sources.find((source) => source.url)?.url;
  if (!url) {
    await stop();
    throw new Error('no local function has an HTTP front door');
  }
  return { url, hosts, sources, stop };
}

/** A `CodeUri` (`dist/lambda/`) inside the build output folder `dist`. */
function codeFolder(root: string, dist: string, codeUri: string): string {
  const inDist = relative('dist', codeUri.replace(/\/$/, ''));
  if (inDist.startsWith('..') || isAbsolute(inDist)) throw new Error(`CodeUri ${codeUri} is not under dist/`);
  return join(resolve(root, dist), inDist);
}
