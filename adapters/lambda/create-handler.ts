import { createApp } from '../../src/app.js';
import type { DeadlineBindings } from '../../src/http/deadline.js';
import { HttpProblem, problemResponse } from '../../src/http/problem.js';
import { httpEntry, lazyStart } from '../../src/startup.js';
import { createLambdaDeps, type TransportFactory, type TransportName } from './deps.js';
import type { LambdaEnv } from './env.js';
import { eventShape, toRequest, toResult, withBasePath } from './events/index.js';
import type { HttpEvent, HttpResult } from './events/index.js';
import { EMBEDDED_DOCUMENTS } from '../../src/routes/embedded-documents.js';

/** The fields of the Lambda context object Parley passes on. https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html */
export interface LambdaContext {
  awsRequestId: string;
  functionName?: string;
  getRemainingTimeInMillis?: () => number;
}

/**
 * What the app gets as `c.env`: the raw event and context, the client address the front door saw,
 * and how long Lambda still lets the invocation run (`DeadlineBindings`, read by the core so a
 * request gives up with its own 503 before Lambda's timeout cuts it off).
 */
export interface LambdaBindings extends DeadlineBindings {
  event: HttpEvent;
  lambdaContext: LambdaContext;
  clientIp: string | undefined;
}

export type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<HttpResult>;

/**
 * A Lambda handler (async, two arguments: callback-style handlers fail on newer Node runtimes) for
 * API Gateway REST and HTTP APIs, Function URLs and ALB. The app and its clients are built on the
 * first invocation and kept for the life of the container (`lazyStart`); while it cannot start,
 * every request gets a problem+json (500 for an invalid configuration, 503 with `Retry-After` while
 * SSM does not answer) rather than the front door's own bare 502/500.
 */
export function createLambdaHandler(options: {
  transports: Partial<Record<TransportName, TransportFactory>>;
  env?: () => LambdaEnv;
}): LambdaHandler {
  const readEnv = options.env ?? (() => process.env as LambdaEnv);
  const serve = httpEntry(
    // The reference documents (`/docs`, `/openapi.json`) belong to the API function only: the real-time
    // functions share `createLambdaDeps` and must not carry the OpenAPI text.
    lazyStart({
      build: async () =>
        createApp({ ...(await createLambdaDeps(readEnv(), options.transports)), documents: EMBEDDED_DOCUMENTS }),
    }),
    (app) => (request: Request, bindings: LambdaBindings) => app.fetch(request, bindings),
  );

  return async (event, context) => {
    const shape = eventShape(event);
    if (!shape) throw new TypeError('Parley handles HTTP events only (API Gateway, Function URL, ALB)');
    const httpEvent = event as HttpEvent;
    let converted: ReturnType<typeof toRequest>;
    try {
      converted = toRequest(shape, httpEvent);
    } catch (error) {
      // A header or path no Fetch Request can hold: the client's fault, not a 500.
      const detail = `The request could not be read: ${error instanceof Error ? error.message : 'invalid'}.`;
      // Like every response, it carries a request id; Lambda's own is the one its logs know.
      const requestId = context.awsRequestId || crypto.randomUUID();
      return toResult(
        shape,
        httpEvent,
        problemResponse(new HttpProblem('validation-failed', detail), requestId),
        'GET',
      );
    }
    withRuntimeTrace(converted.request.headers);
    const response = await serve(converted.request, {
      event: httpEvent,
      lambdaContext: context,
      clientIp: converted.clientIp,
      timeRemainingMs: context.getRemainingTimeInMillis?.(),
    });
    return toResult(shape, httpEvent, withBasePath(response, converted.basePath), converted.request.method);
  };
}

/**
 * The invocation's X-Ray trace header, which the Lambda runtime sets as `_X_AMZN_TRACE_ID` for every
 * invocation (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * given to a request that came without a trace of its own (HTTP APIs and Function URLs send none),
 * so its log lines carry the id the function's traces and platform logs have.
 */
function withRuntimeTrace(headers: Headers): void {
  const trace = process.env._X_AMZN_TRACE_ID;
  if (trace && !headers.has('traceparent') && !headers.has('x-amzn-trace-id')) headers.set('x-amzn-trace-id', trace);
}
