import { AuthUnavailableError } from './auth/errors.js';
import { ConfigError, revealsConfigProblems } from './config.js';
import { describeError, internalError, type LogSink, unavailable } from './http/errors.js';
import { HttpProblem, problemReply } from './http/problem.js';
import { toResponse } from './http/reply.js';
import { incomingRequestId } from './http/request-context.js';
import { StoreUnavailableError } from './repository/errors.js';

/**
 * A start-up step that failed for a reason that passes (SSM or the identity provider unreachable,
 * throttled): the request is answered 503 with `Retry-After`, and the next one tries again.
 */
export class StartupUnavailableError extends Error {
  override readonly name = 'StartupUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface StartupOptions<T> {
  /** Builds what the entry serves (the app, a processor): config, clients, repository. */
  build: () => T | Promise<T>;
  /** Where failed starts are logged (once per failure, not per request). Default: `console.error` as JSON. */
  log?: LogSink;
  /**
   * How long a configuration found invalid is kept before a request builds again, ms. Default
   * 30 000: a secret created after the deploy (an SSM parameter) takes effect without one, while a
   * broken deploy does not pay a rebuild on every request.
   */
  configRetryMs?: number;
  /** Clock in ms, for `configRetryMs`. Default `Date.now`. */
  now?: () => number;
}

/**
 * The one adapter lifecycle, shared by every entry (HTTP or platform event): build lazily on the
 * first call, once per isolate/container; a failed start is not kept, so a later call tries again
 * (an invalid configuration after `configRetryMs`, anything else at once). Returns the getter; a
 * failure rejects it with the start-up error (`ConfigError`, `StartupUnavailableError`, or a bug).
 */
export function lazyStart<T>(options: StartupOptions<T>): () => Promise<T> {
  const log = options.log ?? ((entry) => console.error(JSON.stringify(entry)));
  const now = options.now ?? Date.now;
  const retryMs = options.configRetryMs ?? 30_000;
  let started: Promise<T> | undefined;
  let failedConfig: { error: ConfigError; at: number } | undefined;
  return () => {
    if (failedConfig && now() - failedConfig.at < retryMs) return Promise.reject(failedConfig.error);
    started ??= (async () => options.build())().catch((error: unknown) => {
      started = undefined;
      failedConfig = error instanceof ConfigError ? { error, at: now() } : undefined;
      log({
        level: 'error',
        event: error instanceof ConfigError ? 'config_invalid' : 'startup_failed',
        ...(error instanceof ConfigError ? { problems: error.problems } : { error: describeError(error) }),
      });
      throw error;
    });
    return started;
  };
}

type FetchLike<A extends unknown[]> = (request: Request, ...rest: A) => Response | Promise<Response>;

/**
 * An HTTP entry over `lazyStart`: requests go to the built app's `fetch`; while it cannot start,
 * each request gets a problem+json instead of a platform's bare error — 500 for an invalid
 * configuration (naming the variables only on local and dev stages; the log line always does),
 * 503 with `Retry-After` for a transient failure, 500 for anything else.
 */
export function httpEntry<T, A extends unknown[]>(
  start: () => Promise<T>,
  fetchOf: (built: T) => FetchLike<A>,
): (request: Request, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    let built: T;
    try {
      built = await start();
    } catch (error) {
      return startupFailure(error, incomingRequestId(request));
    }
    return fetchOf(built)(request, ...rest);
  };
}

/** The answer while an entry cannot start; `cache-control: no-store` so no edge keeps it. */
export function startupFailure(error: unknown, requestId: string): Response {
  return toResponse(problemReply(startupProblem(error, requestId)), {
    'x-request-id': requestId,
    'cache-control': 'no-store',
  });
}

function startupProblem(error: unknown, requestId: string): HttpProblem {
  if (error instanceof ConfigError) {
    return new HttpProblem(
      'internal-error',
      error.stage !== undefined && revealsConfigProblems(error.stage)
        ? `Invalid configuration: ${error.message}.`
        : `The service is misconfigured. Quote request id ${requestId} when reporting this.`,
    );
  }
  if (error instanceof StartupUnavailableError || error instanceof StoreUnavailableError) {
    return unavailable(
      error.retryAfterSeconds,
      'The service is starting and a dependency is not answering; retry shortly.',
    );
  }
  if (error instanceof AuthUnavailableError) return unavailable(5);
  return internalError(requestId);
}
