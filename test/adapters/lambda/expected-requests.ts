/**
 * What each fixture under `test/fixtures/events/<shape>/` must turn into. Keyed by `<shape>/<file>`;
 * `events.test.ts` fails when a fixture has no entry here or an entry has no fixture.
 */
export interface ExpectedRequest {
  method: string;
  url: string;
  /** Headers checked by exact value (others may be present). Values as `Headers.get` returns them. */
  headers?: Record<string, string>;
  /** The body decoded as UTF-8, or `bodyBase64` for bytes; neither means no body. */
  body?: string;
  bodyBase64?: string;
  clientIp: string | undefined;
  /** The client's path prefix in front of the app's path (stage, base-path mapping); '' when absent. */
  basePath?: string;
}

const BINARY = 'AP8QgH8=';
/** `Zoë 日本` as its UTF-8 bytes, one latin-1 char per byte (what a Node server hands the app). */
const ZOE_BYTES = Buffer.from('Zoë 日本', 'utf8').toString('latin1');

export const expectedRequests: Record<string, ExpectedRequest> = {
  'apigw-v1/documented-example': {
    method: 'POST',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    headers: { header1: 'value1', header2: 'value1, value2' },
    body: 'Hello from Lambda!',
    clientIp: '192.0.2.10',
  },
  'apigw-v1/proxy-named-stage': {
    method: 'GET',
    url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1/users/me',
    headers: { accept: 'application/json' },
    clientIp: '192.0.2.10',
    basePath: '/prod',
  },
  // `sam local generate-event apigateway aws-proxy` writes `pathParameters.proxy` with a leading
  // slash (its AwsProxy.json template: "proxy": "/{{{path}}}"); API Gateway itself never does.
  'apigw-v1/sam-generate-event-proxy': {
    method: 'GET',
    url: 'https://1234567890.execute-api.us-east-1.amazonaws.com/v1/conversations/01J0SAMCONV0000000000000000/messages?limit=5',
    headers: { accept: 'application/json' },
    clientIp: '127.0.0.1',
    basePath: '/prod',
  },
  'apigw-v1/custom-domain-base-path': {
    method: 'GET',
    url: 'https://api.example.com/v1/conversations/01J0A',
    clientIp: '192.0.2.10',
    basePath: '/parley',
  },
  'apigw-v1/root-resource': {
    method: 'GET',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/',
    clientIp: '192.0.2.10',
    basePath: '/prod',
  },
  'apigw-v1/decoded-query': {
    method: 'GET',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/v1/users?handle=zo%C3%AB&q=a%20b%26c%3Dd',
    clientIp: '192.0.2.10',
  },
  'apigw-v1/base64-body': {
    method: 'PUT',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/my/path',
    headers: { 'content-type': 'application/octet-stream' },
    bodyBase64: BINARY,
    clientIp: '192.0.2.10',
  },
  'apigw-v1/non-ascii-and-cookies': {
    method: 'GET',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/my/path',
    headers: { 'x-display-name': ZOE_BYTES, cookie: 'a=1; b=2' },
    clientIp: '192.0.2.10',
  },
  'apigw-v1/http-api-payload-1': {
    method: 'GET',
    url: 'https://x1y2z3.execute-api.us-east-1.amazonaws.com/health',
    clientIp: '192.0.2.10',
    basePath: '/dev',
  },
  'apigw-v2/documented-example': {
    method: 'POST',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    headers: { header1: 'value1', header2: 'value1,value2', cookie: 'cookie1; cookie2' },
    body: 'Hello from Lambda',
    clientIp: '192.0.2.20',
  },
  'apigw-v2/named-stage': {
    method: 'GET',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/v1/users/me',
    headers: { accept: 'application/json' },
    clientIp: '192.0.2.20',
    basePath: '/staging',
  },
  'apigw-v2/named-stage-root': {
    method: 'GET',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/',
    clientIp: '192.0.2.20',
    basePath: '/staging',
  },
  'apigw-v2/encoded-query': {
    method: 'GET',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/v1/users?handle=zo%C3%AB&q=a+b%26c',
    clientIp: '192.0.2.20',
  },
  'apigw-v2/base64-body': {
    method: 'PUT',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/upload',
    bodyBase64: BINARY,
    clientIp: '192.0.2.20',
  },
  'apigw-v2/non-ascii-header': {
    method: 'PATCH',
    url: 'https://id.execute-api.us-east-1.amazonaws.com/v1/users/me',
    headers: { 'x-display-name': ZOE_BYTES, cookie: 'a=1; b=2' },
    body: '{"displayName":"Zoë 日本"}',
    clientIp: '192.0.2.20',
  },
  'function-url/documented-example': {
    method: 'POST',
    url: 'https://abcdefghij.lambda-url.us-west-2.on.aws/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    headers: { cookie: 'cookie1; cookie2' },
    body: 'Hello from client!',
    clientIp: '203.0.113.30',
  },
  'function-url/get-with-headers': {
    method: 'GET',
    url: 'https://abcdefghij.lambda-url.us-east-1.on.aws/',
    headers: { 'x-forwarded-proto': 'https', accept: 'text/html' },
    clientIp: '203.0.113.30',
  },
  'function-url/base64-body': {
    method: 'PUT',
    url: 'https://abcdefghij.lambda-url.eu-central-1.on.aws/upload?a=%2F',
    headers: { 'content-type': 'image/png' },
    bodyBase64: BINARY,
    clientIp: '203.0.113.30',
  },
  'alb/documented-example': {
    method: 'GET',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/lambda?query=1234ABCD',
    headers: { 'x-imforwards': '20' },
    clientIp: '72.12.164.125',
  },
  'alb/encoded-query': {
    method: 'GET',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/v1/users?handle=zo%C3%AB&q=a%20b%26c&sp%20ace=x+y',
    clientIp: '72.12.164.125',
  },
  'alb/forwarded-for-chain': {
    method: 'GET',
    url: 'https://lambda-alb-123578498.us-east-2.elb.amazonaws.com/lambda',
    clientIp: '198.51.100.77',
  },
  'alb/base64-body': {
    method: 'POST',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/upload',
    bodyBase64: BINARY,
    clientIp: '72.12.164.125',
  },
  'alb/non-ascii-header': {
    method: 'PATCH',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/v1/users/me',
    headers: { 'x-display-name': ZOE_BYTES, cookie: 'a=1; b=2' },
    body: '{"displayName":"Zoë"}',
    clientIp: '72.12.164.125',
  },
  'alb/multi-value-documented-example': {
    method: 'GET',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/lambda?query=1234ABCD',
    clientIp: '72.12.164.125',
  },
  'alb/multi-value-encoded-query': {
    method: 'GET',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/v1/users?tag=a%2Cb&tag=c&q=a+b',
    clientIp: '72.12.164.125',
  },
  'alb/multi-value-cookies-and-forwarded-for': {
    method: 'GET',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/lambda',
    headers: { cookie: 'a=1; b=2', accept: 'application/json, text/plain' },
    clientIp: '198.51.100.88',
  },
  'alb/multi-value-base64-body': {
    method: 'PUT',
    url: 'http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/upload',
    bodyBase64: BINARY,
    clientIp: '72.12.164.125',
  },
};
