import { DynamoTransportError } from './protocol.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  expiration?: Date;
}

/** Resolves credentials that are valid now; called before every request, so it must cache. */
export type CredentialProvider = () => Promise<AwsCredentials>;

/** The variables the standard AWS credential chain reads (a plain record: `src/` cannot import `node:process`). */
export interface AwsCredentialEnv {
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
  AWS_SESSION_TOKEN?: string | undefined;
  AWS_CONTAINER_CREDENTIALS_FULL_URI?: string | undefined;
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI?: string | undefined;
  AWS_CONTAINER_AUTHORIZATION_TOKEN?: string | undefined;
}

export const staticCredentials =
  (credentials: AwsCredentials): CredentialProvider =>
  async () =>
    credentials;

/**
 * The environment part of the SDKs' default chain: static keys (Lambda sets them, with a session
 * token), else the container credentials endpoint (Greengrass's Token Exchange Service, ECS).
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
 */
export function credentialsFromEnv(
  env: AwsCredentialEnv,
  options: Omit<ContainerCredentialsOptions, 'uri' | 'authorizationToken'> = {},
): CredentialProvider {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return staticCredentials({
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    });
  }
  const uri =
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ??
    (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI && `http://169.254.170.2${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}`);
  if (uri) {
    return containerCredentials({ ...options, uri, authorizationToken: env.AWS_CONTAINER_AUTHORIZATION_TOKEN });
  }
  throw new Error(
    'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_CONTAINER_CREDENTIALS_FULL_URI',
  );
}

export interface ContainerCredentialsOptions {
  /** The endpoint, e.g. the TES's `http://localhost:<port>/2016-11-01/credentialprovider/`. */
  uri: string;
  /** Sent verbatim as `Authorization`. */
  authorizationToken?: string | undefined;
  /** Refresh this long before `Expiration`. Default 300 s (the SDKs refresh 5 minutes early too). */
  refreshBeforeSeconds?: number;
  fetch?: typeof fetch;
  /** Clock, injectable for tests. */
  now?: () => Date;
}

/** Plain http is accepted only for the addresses the SDKs allow: loopback and the ECS/EKS link-local hosts. */
const HTTP_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|169\.254\.170\.2|169\.254\.170\.23|\[fd00:ec2::23\])$/;

/**
 * Credentials from a container credentials endpoint, cached until `refreshBeforeSeconds` before they
 * expire; concurrent callers share one fetch. If a refresh fails while the cached credentials are still
 * valid, those are used. Response: `{AccessKeyId, SecretAccessKey, Token, Expiration}`.
 */
export function containerCredentials(options: ContainerCredentialsOptions): CredentialProvider {
  const url = new URL(options.uri);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && HTTP_HOSTS.test(url.hostname))) {
    throw new Error(`container credentials endpoint ${url.host} must be https or a loopback address`);
  }
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = options.now ?? (() => new Date());
  const early = (options.refreshBeforeSeconds ?? 300) * 1000;
  let cached: AwsCredentials | null = null;
  let inFlight: Promise<AwsCredentials> | null = null;
  const fresh = (c: AwsCredentials | null, margin: number): c is AwsCredentials =>
    c !== null && (!c.expiration || c.expiration.getTime() - margin > now().getTime());

  return async () => {
    if (fresh(cached, early)) return cached;
    inFlight ??= load(url, options.authorizationToken, fetchImpl).finally(() => (inFlight = null));
    try {
      cached = await inFlight;
      return cached;
    } catch (error) {
      if (fresh(cached, 0)) return cached;
      throw error;
    }
  };
}

async function load(url: URL, token: string | undefined, fetchImpl: typeof fetch): Promise<AwsCredentials> {
  const fail = (message: string, cause?: unknown) =>
    new DynamoTransportError('CredentialsUnavailable', message, { status: 503, cause });
  let body: Record<string, unknown>;
  try {
    const response = await fetchImpl(url, { headers: token ? { Authorization: token } : {} });
    if (!response.ok) throw fail(`credentials endpoint answered ${response.status}`);
    body = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    throw error instanceof DynamoTransportError ? error : fail('credentials endpoint unreachable', error);
  }
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = body;
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string') {
    throw fail('credentials endpoint returned no AccessKeyId/SecretAccessKey');
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(typeof Token === 'string' ? { sessionToken: Token } : {}),
    ...(typeof Expiration === 'string' ? { expiration: new Date(Expiration) } : {}),
  };
}
