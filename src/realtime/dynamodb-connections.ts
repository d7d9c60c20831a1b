import type { DynamoTransport } from '../repository/dynamodb/protocol.js';
import { TTL_ATTRIBUTE } from '../repository/dynamodb/table.js';
import type { ConnectionStore, StoredConnection } from './fan-out.js';

/** Connection items live in the main table, in the user's own partition prefix (never in a GSI). */
const partition = (userId: string) => `RTCONN#${userId}`;

/**
 * API Gateway WebSocket connections in the table: `PK = RTCONN#<userId>`, `SK = <connectionId>`,
 * expiring (the table's TTL attribute) when the token behind the connection does, so a connection
 * whose `$disconnect` never arrived (it is best effort) disappears on its own. The fan-out also deletes
 * one the management API reports gone (410).
 */
export function dynamoConnectionStore(transport: DynamoTransport, table: string) {
  const store: ConnectionStore & {
    add(connection: StoredConnection, expiresAtSeconds: number): Promise<void>;
  } = {
    async add(connection, expiresAtSeconds) {
      await transport('PutItem', {
        TableName: table,
        Item: {
          PK: { S: partition(connection.userId) },
          SK: { S: connection.connectionId },
          [TTL_ATTRIBUTE]: { N: String(expiresAtSeconds) },
        },
      });
    },
    async ofUser(userId) {
      const out = await transport('Query', {
        TableName: table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: partition(userId) } },
      });
      return (out.Items ?? []).flatMap((item) =>
        item.SK && 'S' in item.SK ? [{ userId, connectionId: item.SK.S }] : [],
      );
    },
    async remove(connection) {
      await transport('DeleteItem', {
        TableName: table,
        Key: { PK: { S: partition(connection.userId) }, SK: { S: connection.connectionId } },
      });
    },
  };
  return store;
}
