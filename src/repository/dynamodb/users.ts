import type { User } from '../../domain/model.js';
import { ConflictError, VersionMismatchError } from '../errors.js';
import type { ExpectedVersion } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { toAttributeMap } from './attribute-value.js';
import { distinct, inOrderOf } from '../users-in-order.js';
import { BATCH_GET_LIMIT, batchGet } from './batch.js';
import { getItem, transact, type DynamoContext } from './context.js';
import { handleItemKey, userKey } from './keys.js';
import { recordFromItem } from './items.js';
import { cancellationReasons, conditionFailed, toDomainError } from './map-error.js';
import type { AttributeMap, TransactWriteItem } from './protocol.js';

/** Internal attribute on the profile item: its lower-cased handle, so conditions can compare it. */
const HANDLE_KEY = 'handleKey';

/** What a save believes is stored: `'unknown-same'` first (no read), then what a failed attempt saw. */
type Assumption = 'unknown-same' | null | { handleKey: string; version: number };

export async function getUser(ctx: DynamoContext, id: string): Promise<User | null> {
  return readUser(ctx, userKey(id));
}

/** One strongly consistent `BatchGetItem` per 100 distinct ids (a conversation's 255 others: 3, at once). */
export async function getUsers(ctx: DynamoContext, ids: readonly string[]): Promise<User[]> {
  const keys = distinct(ids).map(userKey);
  const chunks: AttributeMap[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT)
    chunks.push(keys.slice(start, start + BATCH_GET_LIMIT));
  const items = (await Promise.all(chunks.map((chunk) => batchGet(ctx, chunk)))).flat();
  return inOrderOf(ids, items.map(profileOf));
}

/** One read: the handle item carries a copy of the profile, written in the same transaction. */
export async function getUserByHandle(ctx: DynamoContext, handle: string): Promise<User | null> {
  return readUser(ctx, handleItemKey(handle));
}

/**
 * One `TransactWriteItems` when the handle is unchanged or the user is new: profile (conditioned on
 * the expected version and on the handle being the one already stored) + handle item (absent or
 * ours). When the handle changed, the cancelled attempt returns the stored profile (`ALL_OLD`) and a
 * second transaction also deletes the old handle item.
 */
export async function saveUser(ctx: DynamoContext, user: User, expected: ExpectedVersion): Promise<void> {
  const lower = user.handle;
  let assumed: Assumption = 'unknown-same';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await transact(ctx, saveActions(ctx.table, user, lower, expected, assumed));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw toDomainError(error, 'TransactWriteItems');
      const [profile, handleItem, oldHandle] = reasons;
      if (conditionFailed(profile)) {
        const stored = profile?.Item ? storedUser(profile.Item) : null;
        checkExpected(`user ${user.id}`, stored, expected);
        assumed = stored && { handleKey: stored.handleKey, version: stored.version };
        continue;
      }
      if (conditionFailed(handleItem)) throw new ConflictError(`handle ${lower} is taken`, 'handle_taken');
      if (conditionFailed(oldHandle)) continue;
      throw toDomainError(error, 'TransactWriteItems');
    }
  }
  throw new VersionMismatchError(`user ${user.id} kept changing while it was saved`);
}

/** Read, then one transaction deleting the profile (at the expected version) and its handle item. */
export async function deleteUser(ctx: DynamoContext, id: string, expectedVersion: number): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await readStoredUser(ctx, id);
    checkExpected(`user ${id}`, stored, expectedVersion);
    if (!stored) return;
    try {
      await transact(ctx, [
        {
          Delete: {
            TableName: ctx.table,
            Key: userKey(id),
            ConditionExpression: '#v = :v AND #hk = :hk',
            ExpressionAttributeNames: { '#v': 'version', '#hk': HANDLE_KEY },
            ExpressionAttributeValues: { ':v': { N: String(expectedVersion) }, ':hk': { S: stored.handleKey } },
          },
        },
        { Delete: { TableName: ctx.table, Key: handleItemKey(stored.handleKey), ...ownedBy(id) } },
      ]);
      return;
    } catch (error) {
      if (!cancellationReasons(error)) throw toDomainError(error, 'TransactWriteItems');
      // The profile changed between the read and the write: read again and re-check.
    }
  }
  throw new VersionMismatchError(`user ${id} kept changing while it was deleted`);
}

function saveActions(
  table: string,
  user: User,
  lower: string,
  expected: ExpectedVersion,
  assumed: Assumption,
): TransactWriteItem[] {
  const names: Record<string, string> = { '#v': 'version', '#hk': HANDLE_KEY };
  let condition: string;
  let values: AttributeMap = {};
  if (assumed === null) {
    condition = 'attribute_not_exists(PK)';
  } else if (assumed === 'unknown-same') {
    values = { ':hk': { S: lower } };
    condition =
      expected === 'absent'
        ? 'attribute_not_exists(PK)'
        : expected === 'any'
          ? 'attribute_not_exists(PK) OR #hk = :hk'
          : '#v = :v AND #hk = :hk';
    if (typeof expected === 'number') values[':v'] = { N: String(expected) };
  } else {
    condition = '#v = :v AND #hk = :hk';
    values = { ':v': { N: String(assumed.version) }, ':hk': { S: assumed.handleKey } };
  }
  // DynamoDB rejects placeholders the expression does not use.
  const usedNames = Object.fromEntries(Object.entries(names).filter(([n]) => condition.includes(n)));
  values = Object.fromEntries(Object.entries(values).filter(([v]) => condition.includes(v)));
  const actions: TransactWriteItem[] = [
    {
      Put: {
        TableName: table,
        Item: { ...toAttributeMap(user), [HANDLE_KEY]: { S: lower }, ...userKey(user.id) },
        ConditionExpression: condition,
        ...(Object.keys(usedNames).length > 0 ? { ExpressionAttributeNames: usedNames } : {}),
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Put: {
        TableName: table,
        Item: { ...toAttributeMap(user), ...handleItemKey(lower) },
        ConditionExpression: 'attribute_not_exists(PK) OR #id = :id',
        ExpressionAttributeNames: { '#id': 'id' },
        ExpressionAttributeValues: { ':id': { S: user.id } },
      },
    },
  ];
  if (assumed && assumed !== 'unknown-same' && assumed.handleKey !== lower) {
    actions.push({ Delete: { TableName: table, Key: handleItemKey(assumed.handleKey), ...ownedBy(user.id) } });
  }
  return actions;
}

const ownedBy = (userId: string) => ({
  ConditionExpression: '#id = :id',
  ExpressionAttributeNames: { '#id': 'id' },
  ExpressionAttributeValues: { ':id': { S: userId } },
});

function storedUser(item: AttributeMap): User & { handleKey: string } {
  return recordFromItem<User & { handleKey: string }>(item);
}

async function readStoredUser(ctx: DynamoContext, id: string) {
  const item = await getItem(ctx, userKey(id));
  return item ? storedUser(item) : null;
}

async function readUser(ctx: DynamoContext, key: AttributeMap): Promise<User | null> {
  const item = await getItem(ctx, key);
  return item ? profileOf(item) : null;
}

/** The profile as the port returns it: without the internal handle attribute. */
function profileOf(item: AttributeMap): User {
  const { handleKey: _internal, ...user } = storedUser(item);
  return user;
}
