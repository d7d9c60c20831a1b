import { signDevToken } from '../../src/auth/dev-token.js';

/** One example request, rendered as a curl line that works when pasted into a POSIX shell. */
export interface ExampleRequest {
  method: 'GET' | 'PUT';
  path: string;
  body?: unknown;
}

/** The demo user `npm run dev` signs a token for. */
export const DEMO_USER = { sub: 'demo-user', handle: 'demo', displayName: 'Demo User' } as const;

/** Create the demo profile, then read it back: the smallest round trip through auth and storage. */
export const EXAMPLE_REQUESTS: ExampleRequest[] = [
  { method: 'PUT', path: '/v1/users/me', body: { handle: DEMO_USER.handle, displayName: DEMO_USER.displayName } },
  { method: 'GET', path: '/v1/users/me' },
];

/** The dev token `npm run dev` prints: the demo user's, signed with `.dev.vars`' secret (and issuer/audience, when set). */
export function demoToken(
  vars: { AUTH_HS256_SECRET?: string; AUTH_ISSUER?: string; AUTH_AUDIENCE?: string },
  hours: number,
): Promise<string> {
  return signDevToken({
    sub: DEMO_USER.sub,
    secret: vars.AUTH_HS256_SECRET!,
    ttlSeconds: hours * 3600,
    ...(vars.AUTH_ISSUER ? { issuer: vars.AUTH_ISSUER } : {}),
    ...(vars.AUTH_AUDIENCE ? { audience: vars.AUTH_AUDIENCE } : {}),
  });
}

export function curlLine(url: string, token: string, request: ExampleRequest): string {
  const parts = ['curl', '-sS', '-X', request.method, shellQuote(`${url}${request.path}`)];
  parts.push('-H', shellQuote(`Authorization: Bearer ${token}`));
  if (request.body !== undefined) {
    parts.push('-H', shellQuote('Content-Type: application/json'), '-d', shellQuote(JSON.stringify(request.body)));
  }
  return parts.join(' ');
}

/**
 * What `npm run dev` prints once the server answers. `headline` replaces the first sentence (the
 * AWS and Node targets say what runs where; the default is the Worker's).
 */
export function renderInstructions(
  url: string,
  token: string,
  tokenHours: number,
  storage: string,
  headline = `Parley is running in workerd at ${url} (local Durable Objects persisted under ${storage}).`,
): string {
  return [
    '',
    headline,
    '',
    `A dev token for "${DEMO_USER.sub}" (HS256, signed with AUTH_HS256_SECRET from .dev.vars, valid ${tokenHours} h):`,
    '',
    `  ${token}`,
    '',
    'Try it:',
    '',
    ...EXAMPLE_REQUESTS.map((request) => `  ${curlLine(url, token, request)}`),
    '',
    `API reference: ${url}/docs    OpenAPI document: ${url}/openapi.json    Health: ${url}/health`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
