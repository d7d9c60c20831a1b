/**
 * The media variables the HTTP contract's targets run with: an S3-compatible store whose endpoint
 * nothing listens on. The attachment routes only presign (no call to the store), so the contract
 * needs none; the upload path itself is tested against real verifiers in test/media/.
 */
export const MEDIA_TEST_VARIABLES = {
  MEDIA_BUCKET: 'parley-media-test',
  MEDIA_ENDPOINT: 'http://127.0.0.1:9',
  MEDIA_REGION: 'auto',
  MEDIA_ACCESS_KEY_ID: 'parley-test-media-key',
  MEDIA_SECRET_ACCESS_KEY: 'parley-test-media-secret-0123456789',
} as const;
