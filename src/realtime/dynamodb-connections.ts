import { DynamoTransportError, type DynamoTransport } from '../repository/dynamodb/protocol.js';
import { TTL_ATTRIBUTE } from '../repository/dynamodb/table.js';
import { takeToken } from './frames.js';
import { REALTIME } from './limits.js';
import type { GatewayConnections } from './gateway.js';

/** Connection items live in the main table, in the user's own partition prefix (never in a GSI). */
const partition = (userId: string) => `RTCONN#${userId}`;
/** Each connection also has an item of its own, so `$disconnect` (which carries only the id) finds its user. */
const connectionKey = (connectionId: string) => ({ PK: { S: `RTCONNID#${connectionId}` }, SK: { S: 'CONN' } });
const ticketKey = (nonce: string) => ({ PK: { S: `RTTICKET#${nonce}` }, SK: { S: 'TICKET' } });

/**
 * API Gateway WebSocket connections in the table: `PK = RTCONN#<userId>`, `SK = <connectionId>`,
 * expiring (the table's TTL attribute) when the token behind the connection does, so a connection
 * whose `$disconnect` never arrived (it is best effort) disappears on its own. The fan-out also deletes
 * one the management API reports gone (410).
 */
export function dynamoConnectionStore(transport: DynamoTransport, table: string) {
  const store: GatewayConnections = {
    async add(connection, expiresAtSeconds) {
      const ttl = { [TTL_ATTRIBUTE]: { N: String(expiresAtSeconds) } };
      await transport('PutItem', {
        TableName: table,
        Item: { ...connectionKey(connection.connectionId), userId: { S: connection.userId }, ...ttl },
      });
      await transport('PutItem', {
        TableName: table,
        Item: { PK: { S: partition(connection.userId) }, SK: { S: connection.connectionId }, ...ttl },
      });
    },
    async ofConnection(connectionId) {
      const { Item } = await transport('GetItem', { TableName: table, Key: connectionKey(connectionId) });
      const userId = Item?.userId && 'S' in Item.userId ? Item.userId.S : undefined;
      return userId === undefined ? null : { userId, connectionId };
    },
    async takeTypingToken(connectionId, now) {
      const { Item } = await transport('GetItem', { TableName: table, Key: connectionKey(connectionId) });
      if (!Item) return false;
      const number = (name: string) => (Item[name] && 'N' in Item[name] ? Number(Item[name].N) : undefined);
      const previous = number('typingAt');
      const bucket = { tokens: number('typingTokens') ?? REALTIME.typingBurst, at: previous ?? now };
      if (!takeToken(bucket, now)) return false;
      try {
        // Conditional on the bucket read: two frames racing take one token each, or the loser is refused.
        await transport('UpdateItem', {
          TableName: table,
          Key: connectionKey(connectionId),
          UpdateExpression: 'SET typingTokens = :tokens, typingAt = :at',
          ConditionExpression: previous === undefined ? 'attribute_not_exists(typingAt)' : 'typingAt = :previous',
          ExpressionAttributeValues: {
            ':tokens': { N: String(bucket.tokens) },
            ':at': { N: String(bucket.at) },
            ...(previous === undefined ? {} : { ':previous': { N: String(previous) } }),
          },
        });
        return true;
      } catch (error) {
        if (error instanceof DynamoTransportError && error.code === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
    async claimTicket(nonce, expiresAtSeconds) {
      try {
        await transport('PutItem', {
          TableName: table,
          Item: { ...ticketKey(nonce), [TTL_ATTRIBUTE]: { N: String(expiresAtSeconds) } },
          ConditionExpression: 'attribute_not_exists(PK)',
        });
        return true;
      } catch (error) {
        if (error instanceof DynamoTransportError && error.code === 'ConditionalCheckFailedException') return false;
        throw error;
      }
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
      await transport('DeleteItem', { TableName: table, Key: connectionKey(connection.connectionId) });
    },
  };
  return store;
}
