import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Lambda execution environments on this machine, for `npm run dev -- --target aws`: each is a Node
 * process running the built bundle behind the real Lambda Runtime API
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), served here, one endpoint per
 * environment as in Lambda. Like Lambda, an environment handles one invocation at a time; a busy
 * function gets another environment (a cold start) up to `maxEnvironments`, then invocations wait.
 * An invocation past the function's `Timeout` kills its environment and fails with
 * `Sandbox.Timedout`; a crash fails it with `Runtime.ExitError`; a bundle that cannot be imported
 * fails with the init error. Not emulated: the freeze between invocations, memory limits, layers.
 */

const BOOTSTRAP = fileURLToPath(new URL('./runtime-client.mjs', import.meta.url));
const RUNTIME = '/2018-06-01/runtime';
/** Lambda's synchronous invocation payload limit, request and response (6 MB). */
export const INVOKE_PAYLOAD_LIMIT = 6 * 1024 * 1024;
/** Lambda gives the init phase 10 s. */
const INIT_TIMEOUT_MS = 10_000;

export interface FunctionHostOptions {
  /** The function's name (the template's logical id, `AWS_LAMBDA_FUNCTION_NAME`). */
  name: string;
  /** Folder of the built bundle (`CodeUri`), absolute. */
  taskRoot: string;
  /** `Handler`: `<file>.<export>`. */
  handler: string;
  timeoutMs: number;
  memoryMb: number;
  /** The function's variables (the template's, resolved for this machine). */
  environment: Record<string, string>;
  /** Environments that may run at once. Default 4. */
  maxEnvironments?: number;
  /** Receives the environments' stdout and stderr (their log lines), chunk by chunk. Default: this process's stdout. */
  output?: (text: string) => void;
  region?: string;
}

export type InvocationResult =
  | { ok: true; requestId: string; payload: unknown }
  | { ok: false; requestId: string; error: { errorType: string; errorMessage: string } };

export interface FunctionHost {
  readonly name: string;
  /** Invoke synchronously (`RequestResponse`), as API Gateway and Function URLs do. */
  invoke(event: unknown): Promise<InvocationResult>;
  /** Environments started so far (each was a cold start) and running now. */
  stats(): { coldStarts: number; running: number };
  stop(): Promise<void>;
}

interface Invocation {
  requestId: string;
  body: string;
  resolve: (result: InvocationResult) => void;
}

export function createFunctionHost(options: FunctionHostOptions): FunctionHost {
  const maxEnvironments = options.maxEnvironments ?? 4;
  const output = options.output ?? ((text: string) => void process.stdout.write(text));
  const environments = new Set<ExecutionEnvironment>();
  const queue: Invocation[] = [];
  let coldStarts = 0;
  let stopped = false;

  const dispatch = () => {
    while (queue.length > 0) {
      const idle = [...environments].find((environment) => environment.idle());
      if (idle) {
        idle.run(queue.shift()!);
        continue;
      }
      const starting = [...environments].filter((environment) => environment.starting()).length;
      // One new environment per waiting invocation, as Lambda scales, up to the cap.
      if (environments.size < maxEnvironments && starting < queue.length) {
        coldStarts++;
        const environment = new ExecutionEnvironment(options, output, () => dispatch());
        environments.add(environment);
        void environment.exited.then(() => {
          environments.delete(environment);
          // An environment that never got to `next` failed its init: the invocation that was waiting
          // for it gets that error (as on Lambda), instead of a retry loop on a broken bundle.
          const failed = environment.initFailure();
          if (failed && !stopped) {
            const waiting = queue.shift();
            waiting?.resolve(failure(waiting.requestId, failed.errorType, failed.errorMessage));
          }
          if (!stopped) dispatch();
        });
        continue;
      }
      return;
    }
  };

  return {
    name: options.name,
    invoke(event) {
      const requestId = randomUUID();
      const body = JSON.stringify(event);
      if (stopped) return Promise.resolve(failure(requestId, 'ServiceException', 'the local function host is stopped'));
      if (Buffer.byteLength(body) > INVOKE_PAYLOAD_LIMIT) {
        return Promise.resolve(
          failure(requestId, 'RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes'),
        );
      }
      return new Promise((resolve) => {
        queue.push({ requestId, body, resolve });
        dispatch();
      });
    },
    stats: () => ({ coldStarts, running: environments.size }),
    async stop() {
      stopped = true;
      for (const waiting of queue.splice(0)) waiting.resolve(failure(waiting.requestId, 'ServiceException', 'stopped'));
      await Promise.all([...environments].map((environment) => environment.stop()));
    },
  };
}

function failure(requestId: string, errorType: string, errorMessage: string): InvocationResult {
  return { ok: false, requestId, error: { errorType, errorMessage } };
}

/** One sandbox: a Runtime API endpoint and the Node process that polls it. */
class ExecutionEnvironment {
  private readonly server: Server;
  private child: ChildProcess | undefined;
  /** The runtime's parked `GET next`, while it waits for an invocation. */
  private parked: ServerResponse | undefined;
  private current: { invocation: Invocation; timer: NodeJS.Timeout } | undefined;
  private initialised = false;
  private dead = false;
  private initTimer: NodeJS.Timeout | undefined;
  readonly exited: Promise<void>;
  private markExited!: () => void;

  constructor(
    private readonly options: FunctionHostOptions,
    private readonly output: (text: string) => void,
    private readonly onIdle: () => void,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
    this.server = createServer((request, response) => void this.serve(request, response));
    this.server.listen(0, '127.0.0.1', () => this.spawn());
  }

  /** Why this environment ended before its runtime first asked for an invocation; `undefined` if it did ask. */
  initFailure(): { errorType: string; errorMessage: string } | undefined {
    if (this.initialised) return undefined;
    return this.initErrorFor ?? { errorType: 'Runtime.ExitError', errorMessage: 'the runtime exited during init' };
  }

  idle(): boolean {
    return !this.dead && this.parked !== undefined && this.current === undefined;
  }

  starting(): boolean {
    return !this.dead && !this.initialised;
  }

  /** Hand `invocation` to the runtime's parked `next`. */
  run(invocation: Invocation): void {
    const parked = this.parked!;
    this.parked = undefined;
    const deadline = Date.now() + this.options.timeoutMs;
    const timer = setTimeout(() => {
      const seconds = (this.options.timeoutMs / 1000).toFixed(2);
      this.finish(failure(invocation.requestId, 'Sandbox.Timedout', `Task timed out after ${seconds} seconds`));
      void this.stop();
    }, this.options.timeoutMs);
    this.current = { invocation, timer };
    const region = this.options.region ?? 'us-east-1';
    parked.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': invocation.requestId,
      'lambda-runtime-deadline-ms': String(deadline),
      'lambda-runtime-invoked-function-arn': `arn:aws:lambda:${region}:123456789012:function:${this.options.name}`,
      'lambda-runtime-trace-id': xrayTraceHeader(),
    });
    parked.end(invocation.body);
  }

  async stop(): Promise<void> {
    if (!this.dead) {
      this.dead = true;
      clearTimeout(this.initTimer);
      this.parked?.destroy();
      if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
      this.server.closeAllConnections();
      this.server.close();
      if (!this.child) this.markExited();
    }
    await this.exited;
  }

  private spawn(): void {
    const { port } = this.server.address() as AddressInfo;
    const { name, memoryMb, region = 'us-east-1' } = this.options;
    const child = spawn(process.execPath, [BOOTSTRAP], {
      cwd: this.options.taskRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      // What Lambda sets (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
      // then the function's own variables; nothing of this process's environment but PATH.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        TZ: ':UTC',
        LANG: 'en_US.UTF-8',
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
        AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${randomBytes(16).toString('hex')}`,
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
        LAMBDA_TASK_ROOT: this.options.taskRoot,
        _HANDLER: this.options.handler,
        // The SDK warns about Node 20 (this machine's); Lambda runs the template's nodejs22.x.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...this.options.environment,
      },
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.output(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output(chunk.toString()));
    this.initTimer = setTimeout(() => {
      this.initFailed('Runtime.InitTimeout', `Init did not finish within ${INIT_TIMEOUT_MS / 1000} s`);
    }, INIT_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(this.initTimer);
      this.finish(
        failure(
          this.current?.invocation.requestId ?? '',
          'Runtime.ExitError',
          `RequestId: ${this.current?.invocation.requestId ?? '-'} Error: Runtime exited with ${signal ?? `error: exit status ${code}`}`,
        ),
      );
      this.dead = true;
      this.parked?.destroy();
      this.server.closeAllConnections();
      this.server.close();
      this.markExited();
    });
  }

  private initFailed(errorType: string, errorMessage: string): void {
    this.initErrorFor = { errorType, errorMessage };
    void this.stop();
  }

  /** The init error, reported to the invocation that was waiting for this environment. */
  private initErrorFor: { errorType: string; errorMessage: string } | undefined;

  private finish(result: InvocationResult): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    clearTimeout(current.timer);
    current.invocation.resolve({ ...result, requestId: current.invocation.requestId });
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = request.url ?? '';
    const reply = (status: number, payload: unknown = { status: 'OK' }) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.method === 'GET' && path === `${RUNTIME}/invocation/next`) {
      this.initialised = true;
      clearTimeout(this.initTimer);
      this.parked = response;
      this.onIdle();
      return;
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (request.method === 'POST' && match) {
      const [, id, kind] = match;
      if (!this.current || this.current.invocation.requestId !== id)
        return reply(400, { errorType: 'InvalidRequestID' });
      if (kind === 'response') {
        if (body.byteLength > INVOKE_PAYLOAD_LIMIT) {
          this.finish(
            failure(
              id!,
              'Function.ResponseSizeTooLarge',
              'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
            ),
          );
          return reply(413, { errorType: 'RequestEntityTooLarge' });
        }
        let payload: unknown;
        try {
          payload = JSON.parse(body.toString('utf8'));
        } catch {
          this.finish(failure(id!, 'Runtime.InvalidResponse', 'the function returned a payload that is not JSON'));
          return reply(202);
        }
        this.finish({ ok: true, requestId: id!, payload });
      } else {
        const error = parseError(body);
        this.finish(failure(id!, error.errorType, error.errorMessage));
      }
      return reply(202);
    }
    if (request.method === 'POST' && path === `${RUNTIME}/init/error`) {
      const error = parseError(body);
      this.initFailed(error.errorType, error.errorMessage);
      return reply(202);
    }
    reply(404, { errorType: 'UnknownPath' });
  }
}

function parseError(body: Buffer): { errorType: string; errorMessage: string } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errorType?: unknown; errorMessage?: unknown };
    return { errorType: String(parsed.errorType ?? 'Error'), errorMessage: String(parsed.errorMessage ?? '') };
  } catch {
    return { errorType: 'Error', errorMessage: body.toString('utf8') };
  }
}

/** An X-Ray trace header as Lambda hands one to each invocation (not sampled: nothing is sent anywhere). */
function xrayTraceHeader(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${time}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
