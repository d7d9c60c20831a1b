import { describe, expect, it } from 'vitest';
import { dbCreate, dbCreateOptions, isLoopbackEndpoint } from '../../scripts/db-create.js';
import { createAws4fetchTransport } from '../../src/repository/dynamodb/index.js';
import { deadEndpoint } from '../support/dead-endpoint.js';
import { dynamodbEndpoint, LOCAL_KEYS, REGION } from '../repository/dynamodb-fixtures.js';

describe('npm run db:create', () => {
  it('defaults to DynamoDB Local on 127.0.0.1:8000, table parley', () => {
    expect(dbCreateOptions([], {})).toEqual({
      endpoint: 'http://127.0.0.1:8000',
      table: 'parley',
      region: 'us-east-1',
    });
    expect(dbCreateOptions(['--endpoint', 'http://localhost:9000', '--table', 't'], {})).toMatchObject({
      endpoint: 'http://localhost:9000',
      table: 't',
    });
    expect(dbCreateOptions(['--aws', '--region', 'eu-west-1'], {})).toEqual({ table: 'parley', region: 'eu-west-1' });
    expect(() => dbCreateOptions(['--aws', '--endpoint', 'http://x'], {})).toThrow(/exclude/);
  });

  it('implies dummy credentials for loopback endpoints only', () => {
    for (const endpoint of ['http://127.0.0.1:8000', 'http://localhost:8000', 'http://[::1]:8000', 'http://127.1.2.3'])
      expect(isLoopbackEndpoint(endpoint), endpoint).toBe(true);
    for (const endpoint of [
      'https://dynamodb.eu-west-1.amazonaws.com',
      'http://127.0.0.1.evil.example',
      'http://10.0.0.1:8000',
      'not a url',
    ])
      expect(isLoopbackEndpoint(endpoint), endpoint).toBe(false);
  });

  it('creates the table on DynamoDB Local with no credentials in the environment, and again is a no-op', async () => {
    const table = `parley-dbcreate-${Math.random().toString(36).slice(2, 8)}`;
    const options = { endpoint: dynamodbEndpoint(), table, region: REGION };
    expect(await dbCreate(options, {})).toBe(`created: ${table} at ${options.endpoint}`);
    expect(await dbCreate(options, {})).toBe(`already there: ${table} at ${options.endpoint}`);
    const transport = createAws4fetchTransport({ region: REGION, endpoint: options.endpoint, ...LOCAL_KEYS });
    const { Table } = await transport('DescribeTable', { TableName: table });
    expect(Table?.TableStatus).toBe('ACTIVE');
  });

  it('says what to do when nothing answers, instead of a stack trace about credentials', async () => {
    const endpoint = await deadEndpoint();
    await expect(dbCreate({ endpoint, table: 'parley', region: REGION }, {})).rejects.toThrow(
      /nothing answers on .*npm run db:local/,
    );
  });
});
