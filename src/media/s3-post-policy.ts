import type { AwsCredentials } from '../repository/dynamodb/credentials.js';

/**
 * An S3 presigned POST (browser-based upload): a policy document, base64, signed with SigV4. Only
 * a POST policy can bound the size (`content-length-range`); a presigned PUT can only pin exact
 * header values. This policy pins the exact key, the exact Content-Type and the exact size
 * (`content-length-range` from `size` to `size`), and names every field it signs.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
export interface PostPolicyRequest {
  bucket: string;
  key: string;
  mediaType: string;
  size: number;
  region: string;
  expiresIn: number;
  now: Date;
  credentials: AwsCredentials;
}

export type PolicyCondition = Record<string, string> | [string, string | number, string | number];

export interface PostPolicy {
  /** The decoded document (tests check it condition by condition). */
  document: { expiration: string; conditions: PolicyCondition[] };
  /** The form fields, in order; the file goes after them. */
  fields: Record<string, string>;
}

const encoder = new TextEncoder();

export async function createPostPolicy(request: PostPolicyRequest): Promise<PostPolicy> {
  const { credentials, now } = request;
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, ''); // 20260101T000000Z
  const day = amzDate.slice(0, 8);
  const credential = `${credentials.accessKeyId}/${day}/${request.region}/s3/aws4_request`;
  const signed: Record<string, string> = {
    key: request.key,
    'Content-Type': request.mediaType,
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': credential,
    'x-amz-date': amzDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const document = {
    expiration: new Date(now.getTime() + request.expiresIn * 1000).toISOString(),
    conditions: [
      { bucket: request.bucket },
      ['eq', '$key', request.key],
      ['eq', '$Content-Type', request.mediaType],
      ['content-length-range', request.size, request.size],
      ...Object.entries(signed)
        .filter(([name]) => name.startsWith('x-amz-'))
        .map(([name, value]) => ({ [name]: value })),
    ] satisfies PolicyCondition[],
  };
  const policy = base64(encoder.encode(JSON.stringify(document)));
  const key = await signingKey(credentials.secretAccessKey, day, request.region);
  const signature = hex(await hmac(key, policy));
  return { document, fields: { ...signed, policy, 'x-amz-signature': signature } };
}

async function hmac(key: ArrayBuffer | Uint8Array, data: string): Promise<ArrayBuffer> {
  const imported = await crypto.subtle.importKey(
    'raw',
    key as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return crypto.subtle.sign('HMAC', imported, encoder.encode(data));
}

/** SigV4's derived key: HMAC chain over the date, Region, service and `aws4_request`. */
async function signingKey(secret: string, day: string, region: string): Promise<ArrayBuffer> {
  let key: ArrayBuffer | Uint8Array = encoder.encode(`AWS4${secret}`);
  for (const part of [day, region, 's3', 'aws4_request']) key = await hmac(key, part);
  return key as ArrayBuffer;
}

const hex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
