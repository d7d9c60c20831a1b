import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Repository } from '../../src/repository/port.js';
import { createDynamoRepository } from '../../src/repository/dynamodb/index.js';
import {
  claimed,
  completionFor,
  makeClaim,
  makeConversation,
  makeMessage,
  makeUser,
  newId,
  conversationWithMessage,
} from '../contract/repository/fixtures.js';
import { countingTransport, dynamodbEndpoint, freshTable, transports } from './dynamodb-fixtures.js';

// Round trips per operation, counted at the transport: a change that adds a request fails here.
describe('dynamodb round trips per operation', () => {
  const counter = countingTransport(transports.aws4fetch(dynamodbEndpoint()));
  let repo: Repository;
  beforeAll(async () => {
    repo = createDynamoRepository({
      transport: counter.transport,
      tableName: await freshTable(counter.transport, 'trips'),
    });
  });
  beforeEach(() => counter.reset());

  async function calls(run: () => Promise<unknown>) {
    counter.reset();
    await run();
    return [...counter.calls];
  }

  it('users: get 1, by handle 1, create 1, replace 1, handle change 2, delete 2', async () => {
    const user = makeUser();
    expect(await calls(() => repo.saveUser(user, 'absent'))).toEqual(['TransactWriteItems']);
    expect(await calls(() => repo.getUser(user.id))).toEqual(['GetItem']);
    expect(await calls(() => repo.getUserByHandle(user.handle.toUpperCase()))).toEqual(['GetItem']);
    const renamed = { ...user, displayName: 'Ada', version: 2 };
    expect(await calls(() => repo.saveUser(renamed, 1))).toEqual(['TransactWriteItems']);
    const rehandled = { ...renamed, handle: `x${newId().toLowerCase()}`, version: 3 };
    // The first transaction is cancelled and returns the stored profile; the second moves the handle.
    expect(await calls(() => repo.saveUser(rehandled, 2))).toEqual(['TransactWriteItems', 'TransactWriteItems']);
    expect(await calls(() => repo.deleteUser(user.id, 3))).toEqual(['GetItem', 'TransactWriteItems']);
  });

  it('users: many at once 1 per 100 distinct ids, none for none', async () => {
    const user = makeUser();
    await repo.saveUser(user, 'absent');
    const hundred = [user.id, ...Array.from({ length: 99 }, () => newId()), user.id];
    expect(await calls(() => repo.getUsers(hundred))).toEqual(['BatchGetItem']);
    const full = [user.id, ...Array.from({ length: 255 }, () => newId())];
    expect(await calls(() => repo.getUsers(full))).toEqual(['BatchGetItem', 'BatchGetItem', 'BatchGetItem']);
    expect(await calls(() => repo.getUsers([]))).toEqual([]);
  });

  it('conversations: create 1, get 1, update 2, list 2 (1 when empty)', async () => {
    const conversation = makeConversation(newId(), [newId()]);
    expect(await calls(() => repo.createConversation(conversation))).toEqual(['TransactWriteItems']);
    expect(await calls(() => repo.getConversation(conversation.id))).toEqual(['GetItem']);
    const next = { ...conversation, title: 'renamed', participantIds: [conversation.createdBy, newId()], version: 2 };
    expect(await calls(() => repo.updateConversation(next, 1))).toEqual(['GetItem', 'TransactWriteItems']);
    expect(await calls(() => repo.listConversations(conversation.createdBy, { limit: 10 }))).toEqual([
      'Query',
      'BatchGetItem',
    ]);
    expect(await calls(() => repo.listConversations(newId(), { limit: 10 }))).toEqual(['Query']);
  });

  it('messages: post 2 (read + one transaction), get 1, update 1, list 1', async () => {
    const conversation = makeConversation(newId(), [newId(), newId()]);
    await repo.createConversation(conversation);
    const message = makeMessage(conversation.id, conversation.createdBy);
    const { completion } = await claimed(repo);
    expect(await calls(() => repo.postMessage(message, completion))).toEqual(['GetItem', 'TransactWriteItems']);
    expect(await calls(() => repo.getMessage(conversation.id, message.id))).toEqual(['GetItem']);
    expect(await calls(() => repo.updateMessage({ ...message, body: 'edited', version: 2 }, 1))).toEqual(['PutItem']);
    expect(await calls(() => repo.listMessages(conversation.id, { limit: 25 }))).toEqual(['Query']);
    expect(await calls(() => repo.listMessages(conversation.id, { limit: 25, after: newId() }))).toEqual(['Query']);
  });

  it('read state: mark read 3 (1 when it does not move), read states 1, list 2, a page past 50 reads in two parallel calls', async () => {
    const { a, b, conversation, message } = await conversationWithMessage(repo);
    expect(await calls(() => repo.markRead(conversation.id, b, message.id, message.createdAt))).toEqual([
      'BatchGetItem',
      'Query',
      'TransactWriteItems',
    ]);
    expect(await calls(() => repo.markRead(conversation.id, b, message.id, message.createdAt))).toEqual([
      'BatchGetItem',
    ]);
    expect(await calls(() => repo.getReadStates(b, [conversation.id, newId()]))).toEqual(['BatchGetItem']);
    expect(await calls(() => repo.getReadStates(b, []))).toEqual([]);
    expect(await calls(() => repo.listReadStates(conversation.id))).toEqual(['GetItem', 'BatchGetItem']);
    const user = newId();
    await Promise.all(Array.from({ length: 51 }, () => repo.createConversation(makeConversation(user))));
    expect(await calls(() => repo.listConversations(user, { limit: 51 }))).toEqual([
      'Query',
      'BatchGetItem',
      'BatchGetItem',
    ]);
  });

  it('idempotency: claim 1 (also when taken), complete 1 (also when fenced off), release 1', async () => {
    const claim = makeClaim();
    expect(await calls(() => repo.claimIdempotencyKey(claim))).toEqual(['PutItem']);
    expect(await calls(() => repo.claimIdempotencyKey(claim))).toEqual(['PutItem']);
    expect(await calls(() => repo.completeIdempotencyKey(completionFor(claim)))).toEqual(['UpdateItem']);
    // A refused fence costs no extra read: ALL_OLD returns the record that holds the key.
    const stale = completionFor({ ...claim, token: 'stale' });
    expect(await calls(() => repo.completeIdempotencyKey(stale).catch(() => undefined))).toEqual(['UpdateItem']);
    expect(await calls(() => repo.releaseIdempotencyKey(claim.key, claim.token))).toEqual(['DeleteItem']);
  });

  it('past 97 participants the rest of the index is written right after the transaction, in batches', async () => {
    const others = Array.from({ length: 129 }, () => newId());
    const conversation = makeConversation(newId(), others);
    // 1 conversation + 99 index entries in the transaction, the other 31 in 2 batches of ≤ 25.
    expect(await calls(() => repo.createConversation(conversation))).toEqual([
      'TransactWriteItems',
      'BatchWriteItem',
      'BatchWriteItem',
    ]);
    const message = makeMessage(conversation.id, others[128]!);
    // Message + conversation bump + 98 membership updates in the transaction (the author's first);
    // the other 32 are updates (BatchWriteItem cannot update), one UpdateItem each after it.
    expect(await calls(() => repo.postMessage(message))).toEqual([
      'GetItem',
      'TransactWriteItems',
      ...Array.from({ length: 32 }, () => 'UpdateItem'),
    ]);
    for (const userId of [conversation.createdBy, others[0]!, others[128]!]) {
      const listed = await repo.listConversations(userId, { limit: 5 });
      expect(listed.items).toStrictEqual([
        { ...conversation, lastActivityAt: message.createdAt, lastMessageId: message.id },
      ]);
    }
    // Overflow members' read state is written too: the last member counts the message, the author read it.
    const [last, author] = await repo
      .getReadStates(others[127]!, [conversation.id])
      .then(async (states) => [states[0], (await repo.getReadStates(others[128]!, [conversation.id]))[0]]);
    expect(last?.unreadCount).toBe(1);
    expect(author).toMatchObject({ lastReadMessageId: message.id, unreadCount: 0 });
  });
});
