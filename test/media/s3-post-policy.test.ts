import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPostPolicy } from '../../src/media/s3-post-policy.js';
import { createS3MediaStore } from '../../src/media/s3-store.js';
import { staticCredentials } from '../../src/repository/dynamodb/credentials.js';

// No S3 emulator here enforces POST policies (s3rver and fauxqs parse and ignore them), so the
// document is checked condition by condition and its signature recomputed with node:crypto.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2026-12-02T04:00:00.000Z');
const request = {
  bucket: 'parley-media-dev',
  key: 'pending/01JCONV0000000000000000000/01JATT00000000000000000000',
  mediaType: 'image/jpeg',
  size: 123_456,
  region: 'eu-west-1',
  expiresIn: 600,
  now,
  credentials,
};

describe('S3 POST policy', () => {
  it('expires after expiresIn', async () => {
    const { document } = await createPostPolicy(request);
    expect(document.expiration).toBe('2026-12-02T04:10:00.000Z');
  });

  it('pins the bucket, the exact key, the exact Content-Type and the exact size', async () => {
    const { document } = await createPostPolicy(request);
    expect(document.conditions).toContainEqual({ bucket: 'parley-media-dev' });
    expect(document.conditions).toContainEqual(['eq', '$key', request.key]);
    expect(document.conditions).toContainEqual(['eq', '$Content-Type', 'image/jpeg']);
    expect(document.conditions).toContainEqual(['content-length-range', 123_456, 123_456]);
  });

  it('names every x-amz field it signs, and the fields carry the same values', async () => {
    const { document, fields } = await createPostPolicy(request);
    const credential = 'AKIDEXAMPLE/20261202/eu-west-1/s3/aws4_request';
    expect(document.conditions).toContainEqual({ 'x-amz-algorithm': 'AWS4-HMAC-SHA256' });
    expect(document.conditions).toContainEqual({ 'x-amz-credential': credential });
    expect(document.conditions).toContainEqual({ 'x-amz-date': '20261202T040000Z' });
    expect(document.conditions).toHaveLength(7);
    expect(fields).toMatchObject({
      key: request.key,
      'Content-Type': 'image/jpeg',
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': credential,
      'x-amz-date': '20261202T040000Z',
    });
    expect(JSON.parse(atob(fields.policy ?? ''))).toEqual(document);
  });

  it('adds the session token of temporary credentials as a signed field', async () => {
    const { document, fields } = await createPostPolicy({
      ...request,
      credentials: { ...credentials, sessionToken: 'tok' },
    });
    expect(document.conditions).toContainEqual({ 'x-amz-security-token': 'tok' });
    expect(fields['x-amz-security-token']).toBe('tok');
  });

  it('signs the base64 policy with the SigV4 signing key', async () => {
    const { fields } = await createPostPolicy(request);
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    let key = hmac(`AWS4${credentials.secretAccessKey}`, '20261202');
    for (const part of ['eu-west-1', 's3', 'aws4_request']) key = hmac(key, part);
    expect(fields['x-amz-signature']).toBe(
      createHmac('sha256', key)
        .update(fields.policy ?? '')
        .digest('hex'),
    );
  });

  it('is what the S3 store hands out as a POST upload, to the bucket URL', async () => {
    const store = createS3MediaStore({
      bucket: 'parley-media-dev',
      region: 'eu-west-1',
      credentials: staticCredentials(credentials),
      postPolicy: createPostPolicy,
      now: () => now,
    });
    const ticket = await store.presignUpload({ key: request.key, mediaType: 'image/jpeg', size: 10, expiresIn: 600 });
    expect(ticket).toMatchObject({ method: 'POST', url: 'https://parley-media-dev.s3.eu-west-1.amazonaws.com/' });
    expect(ticket.fields?.key).toBe(request.key);
  });
});
