import type { CreateTableInput } from './protocol.js';

/** Name of the GSI that lists a user's conversations by last activity (membership items only). */
export const ACTIVITY_INDEX = 'ByActivity';

/** Epoch-seconds attribute DynamoDB TTL deletes by (idempotency records, and attachment records never posted). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Parley's single table, in one place: used by the tests, `npm run db:create`, and mirrored by
 * `template.yaml` (a test checks the two agree). Generic `PK`/`SK` string keys, a sparse GSI over
 * membership items, on-demand billing; nothing region-specific, so it can become a Global Table.
 * Key design: `docs/storage-dynamodb.md`.
 */
export function tableDefinition(tableName: string): CreateTableInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      { AttributeName: 'activityKey', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: ACTIVITY_INDEX,
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'activityKey', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };
}
