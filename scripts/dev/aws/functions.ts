import { type CloudFormationTemplate, staticValue, type TemplateFunction } from '../../template/functions.js';
import type { LocalStack } from '../local/stack.js';
import { startHttpApi } from './http-api.js';
import type { FunctionHost } from './lambda-runtime.js';
import { LOCAL_CORS_ORIGINS } from '../cors.js';

/**
 * The AWS functions `npm run dev -- --target aws` runs, each with the event sources that feed it
 * locally. ONE entry per function of template.yaml (test/adapters/lambda/local-aws.test.ts fails
 * when the template declares a function without one): a new function — the media processor fed by
 * S3 `ObjectCreated` events, the real-time fan-out fed by DynamoDB Streams and its WebSocket front
 * door — is one more entry here, with its own `EventSource`s (start a loopback stand-in, or poll
 * DynamoDB Local's stream, and `invoke` the host with the event in its documented shape).
 * The function's code, handler, timeout and memory come from its template entry; its variables are
 * the template's (parameter defaults) with `environment` on top.
 */
export interface LocalFunction {
  /** The function's logical id in template.yaml. */
  logicalId: string;
  /** Variables for this machine on top of the template's: endpoints, secrets from .dev.vars, the local stage. */
  environment(stack: LocalStack): Record<string, string>;
  /** Where its events come from. */
  sources: EventSource[];
}

export interface EventSource {
  /** Starts feeding `target`; resolves once it is ready. */
  start(target: FunctionHost, stack: LocalStack, options: { port: number }): Promise<RunningSource>;
}

export interface RunningSource {
  /** One line for the banner, e.g. `HTTP API (payload 2.0, $default stage) at http://127.0.0.1:8787`. */
  description: string;
  /** The base URL clients call, for a source that has one (the API's is the one the curl lines use). */
  url?: string;
  stop(): Promise<void>;
}

/** The API's front door: an HTTP API `$default` stage on a loopback port (`./http-api.ts`). */
export const httpApiSource: EventSource = {
  async start(target, _stack, { port }) {
    const api = await startHttpApi({ target, port });
    return {
      description: `HTTP API (payload 2.0, $default stage) at ${api.url}`,
      url: api.url,
      stop: api.stop,
    };
  },
};

export const LOCAL_FUNCTIONS: LocalFunction[] = [
  {
    logicalId: 'ParleyFunction',
    environment: (stack) => ({
      PARLEY_STAGE: 'local',
      CORS_ALLOWED_ORIGINS: LOCAL_CORS_ORIGINS,
      ...localSecrets(stack),
      ...localTable(stack),
    }),
    sources: [httpApiSource],
  },
  {
    // Fed by S3 ObjectCreated notifications on pending/. Locally there is no S3 stand-in yet, so it
    // has no event source and MEDIA_BUCKET stays empty (the API's attachment routes answer 503 in
    // this mode); the handler is tested with real-shape events in test/adapters/lambda/media-processor.test.ts.
    logicalId: 'MediaProcessorFunction',
    environment: (stack) => ({ PARLEY_STAGE: 'local', ...localTable(stack) }),
    sources: [],
  },
  // The real-time functions. Locally there is no WebSocket front door nor a stream poller yet, so
  // neither has an event source, and the API's REALTIME_URL stays empty (its `Fn::Sub` needs AWS):
  // `POST /v1/realtime/tickets` answers 404 in this mode, as the documented "no connections held"
  // case. Real time runs locally on `npm run dev` (Workers) and `--target node`; these handlers are
  // tested with real-shape events, DynamoDB Local's own stream and a SigV4-checking @connections
  // stand-in in test/adapters/lambda/realtime-handlers.test.ts (docs/realtime.md).
  { logicalId: 'RealtimeSocketFunction', environment: realtimeEnvironment, sources: [] },
  { logicalId: 'RealtimeFanOutFunction', environment: realtimeEnvironment, sources: [] },
];

function realtimeEnvironment(stack: LocalStack): Record<string, string> {
  return { PARLEY_STAGE: 'local', ...localSecrets(stack), ...localTable(stack) };
}

/** The secrets themselves, as a local run may set them (.dev.vars); the SSM parameter names are not used. */
function localSecrets(stack: LocalStack): Record<string, string> {
  return { AUTH_HS256_SECRET_PARAMETER: '', CURSOR_SECRET_PARAMETER: '', ...stack.devVars };
}

/** DynamoDB Local's table, endpoint, Region and credentials. */
function localTable(stack: LocalStack): Record<string, string> {
  return {
    DYNAMODB_TABLE: stack.dynamodb.table,
    DYNAMODB_ENDPOINT: stack.dynamodb.endpoint,
    DYNAMODB_REGION: stack.region,
    ...stack.credentials,
  };
}

/**
 * A function's variables on this machine: the template's (strings, and `Ref`s to parameters with
 * their defaults; anything that needs AWS — a resource's name, `Fn::Sub`, `Fn::If` — is left empty
 * for `environment` to fill), then the local entry's.
 */
export function localEnvironment(
  template: CloudFormationTemplate,
  fn: TemplateFunction,
  local: LocalFunction,
  stack: LocalStack,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.variables)) out[name] = staticValue(template, value) ?? '';
  return { ...out, ...local.environment(stack) };
}
