import { AwsClient } from 'aws4fetch';
import { staticCredentials, type AwsCredentials, type CredentialProvider } from './credentials.js';
import { DynamoTransportError, type DynamoTransport } from './protocol.js';

export interface Aws4fetchTransportOptions {
  /** Region to sign for, e.g. `eu-west-1`. */
  region: string;
  /** Default `https://dynamodb.<region>.amazonaws.com`; set it for DynamoDB Local or a VPC endpoint. */
  endpoint?: string;
  /** Static keys (Workers secrets). Ignored when `credentials` is given. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** A provider (`credentialsFromEnv`, `containerCredentials`), asked before every request. */
  credentials?: CredentialProvider;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Abort a request that has not answered after this long (then retried as a network failure).
   * Default 10 000. The backend's per-call signal (the request's deadline) may cut it sooner.
   */
  timeoutMs?: number;
}

/**
 * A transport that POSTs the JSON protocol (`X-Amz-Target: DynamoDB_20120810.<Op>`), SigV4-signed by
 * aws4fetch over `fetch`: no AWS SDK, so it runs in Workers, Lambda, Lambda@Edge and Node alike.
 * It does not retry (aws4fetch's own retries are off); the backend does.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
export function createAws4fetchTransport(options: Aws4fetchTransportOptions): DynamoTransport {
  const endpoint = options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com`;
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const credentials = options.credentials ?? staticProvider(options);
  let signer: { for: AwsCredentials; client: AwsClient } | null = null;

  return async (operation, input, call) => {
    const current = await credentials();
    if (signer?.for !== current) {
      signer = {
        for: current,
        client: new AwsClient({ ...current, service: 'dynamodb', region: options.region, retries: 0 }),
      };
    }
    const request = await signer.client.sign(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body: JSON.stringify(input),
    });
    let response: Response;
    let text: string;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    try {
      response = await fetchImpl(request, { signal: call?.signal ? AbortSignal.any([timeout, call.signal]) : timeout });
      text = await response.text();
    } catch (cause) {
      // Cut by the request's deadline: not the endpoint's fault (no replica is marked bad for it).
      if (call?.signal?.aborted)
        throw new DynamoTransportError('RequestAborted', `DynamoDB ${operation}: aborted`, { cause });
      throw new DynamoTransportError('NetworkError', `DynamoDB ${operation}: no response`, { cause });
    }
    const body = parse(text);
    if (response.ok) return body as never;
    throw errorFrom(response.status, body);
  };
}

function staticProvider(options: Aws4fetchTransportOptions): CredentialProvider {
  if (!options.accessKeyId || !options.secretAccessKey) {
    throw new Error('createAws4fetchTransport needs credentials or accessKeyId + secretAccessKey');
  }
  return staticCredentials({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
  });
}

function parse(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/** Error body: `{"__type": "com.amazonaws.dynamodb.v20120810#<Name>", "message": …}` (+ `Item`, `CancellationReasons`). */
function errorFrom(status: number, body: Record<string, unknown>): DynamoTransportError {
  const type = typeof body.__type === 'string' ? body.__type : `HTTP${status}`;
  const code = type.slice(type.lastIndexOf('#') + 1);
  const message = String(body.message ?? body.Message ?? code);
  return new DynamoTransportError(code, message, {
    status,
    ...(Array.isArray(body.CancellationReasons) ? { cancellationReasons: body.CancellationReasons } : {}),
    ...(body.Item && typeof body.Item === 'object' ? { item: body.Item as never } : {}),
  });
}
