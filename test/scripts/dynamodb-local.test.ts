import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTable } from '../../scripts/db-create.js';
import { startDynamoLocal } from '../../scripts/dynamodb-local.js';
import { createAws4fetchTransport } from '../../src/repository/dynamodb/index.js';

/**
 * `npm run db:local -- --persist DIR`: DynamoDB Local's `-dbPath`. This file starts its own
 * instance (twice: the point is a restart), on purpose apart from the run's shared in-memory one.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-db-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run db:local --persist', () => {
  it('keeps tables and items across a restart', async () => {
    const keys = { region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b' };
    const first = await startDynamoLocal({ persist: dir });
    try {
      const transport = createAws4fetchTransport({ ...keys, endpoint: first.endpoint });
      await createTable(transport, 'kept');
      await transport('PutItem', { TableName: 'kept', Item: { PK: { S: 'p' }, SK: { S: 's' }, n: { N: '1' } } });
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dir, 'shared-local-instance.db'))).toBe(true);
    // Other keys on purpose: -sharedDb makes the data independent of who signs.
    const second = await startDynamoLocal({ persist: dir });
    try {
      const transport = createAws4fetchTransport({ ...keys, accessKeyId: 'other', endpoint: second.endpoint });
      const { Item } = await transport('GetItem', { TableName: 'kept', Key: { PK: { S: 'p' }, SK: { S: 's' } } });
      expect(Item).toMatchObject({ n: { N: '1' } });
    } finally {
      await second.stop();
    }
  }, 90_000);
});
