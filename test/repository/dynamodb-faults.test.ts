import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, StoreUnavailableError } from '../../src/repository/errors.js';
import {
  createDynamoRepository,
  DynamoTransportError,
  type DynamoOperation,
  type DynamoTransport,
} from '../../src/repository/dynamodb/index.js';
import { claimed, expectRejection, makeConversation, makeMessage, newId } from '../contract/repository/fixtures.js';
import { silentEndpoint } from '../support/dead-endpoint.js';
import { dynamodbEndpoint, freshTable, transports } from './dynamodb-fixtures.js';

// Fault injection: a wrapper transport fails chosen calls; the table behind it is real DynamoDB Local,
// and after each fault it is read back (through a clean repository) to prove nothing was half-written.
type Fault = 'throttle' | 'lose-response' | 'server-error' | ((input: unknown) => Promise<void>);

function faulty(inner: DynamoTransport, operation: DynamoOperation, faults: Fault[]) {
  const pending = [...faults];
  const transport: DynamoTransport = async (op, input) => {
    const fault = op === operation ? pending.shift() : undefined;
    if (fault === 'throttle') {
      throw new DynamoTransportError('ProvisionedThroughputExceededException', 'injected', { status: 400 });
    }
    if (fault === 'server-error') throw new DynamoTransportError('InternalServerError', 'injected', { status: 500 });
    if (typeof fault === 'function') await fault(input);
    const output = await inner(op, input);
    if (fault === 'lose-response') throw new DynamoTransportError('NetworkError', 'injected: response lost');
    return output;
  };
  return transport;
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.each(Object.entries(transports))('dynamodb fault injection (%s transport)', (_name, makeTransport) => {
  const clean = makeTransport(dynamodbEndpoint());
  let tableName: string;
  const sleeps: number[] = [];
  const retry = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
  const repoOver = (transport: DynamoTransport) => createDynamoRepository({ transport, tableName, retry });
  beforeAll(async () => {
    tableName = await freshTable(clean, `faults-${_name}`);
  });

  async function conversationWithMember() {
    const conversation = makeConversation(newId(), [newId()]);
    await repoOver(clean).createConversation(conversation);
    return conversation;
  }

  it('fault injection: throttled twice, then the post succeeds once, after capped jittered backoff', async () => {
    const conversation = await conversationWithMember();
    const message = makeMessage(conversation.id, conversation.createdBy);
    sleeps.length = 0;
    const repo = repoOver(faulty(clean, 'TransactWriteItems', ['throttle', 'throttle']));
    await repo.postMessage(message);
    expect(sleeps).toEqual([12, 25]); // full jitter at random() = 0.5 of 25 ms, then 50 ms
    const stored = repoOver(clean);
    expect((await stored.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([message]);
    expect((await stored.getConversation(conversation.id))?.lastMessageId).toBe(message.id);
  });

  it('fault injection: throttled past every attempt is StoreUnavailableError, with nothing written', async () => {
    const conversation = await conversationWithMember();
    const message = makeMessage(conversation.id, conversation.createdBy);
    const repo = repoOver(faulty(clean, 'TransactWriteItems', Array(5).fill('throttle')));
    await expectRejection(repo.postMessage(message), StoreUnavailableError);
    const stored = repoOver(clean);
    expect(await stored.getMessage(conversation.id, message.id)).toBeNull();
    expect(await stored.getConversation(conversation.id)).toStrictEqual(conversation);
    expect((await stored.listConversations(conversation.createdBy, { limit: 5 })).items).toStrictEqual([conversation]);
  });

  it('fault injection: a response lost after the commit is resent with its token, not posted twice', async () => {
    const conversation = await conversationWithMember();
    const message = makeMessage(conversation.id, conversation.createdBy);
    const { claim, completion } = await claimed(repoOver(clean));
    const repo = repoOver(faulty(clean, 'TransactWriteItems', ['lose-response', 'server-error']));
    await repo.postMessage(message, completion);
    const stored = repoOver(clean);
    expect((await stored.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([message]);
    const replay = await stored.claimIdempotencyKey({ ...claim, token: 'another' });
    expect(replay).toMatchObject({ claimed: false, existing: { state: 'completed', response: completion.response } });
  });

  it('fault injection: an edit whose response is lost is not reported as a stale version', async () => {
    const conversation = await conversationWithMember();
    const message = makeMessage(conversation.id, conversation.createdBy);
    await repoOver(clean).postMessage(message);
    const edited = { ...message, body: 'edited', editedAt: message.createdAt, version: 2 };
    await repoOver(faulty(clean, 'PutItem', ['lose-response'])).updateMessage(edited, 1);
    expect(await repoOver(clean).getMessage(conversation.id, message.id)).toStrictEqual(edited);
  });

  it('fault injection: a rename between the read and the transaction cancels it; the post is re-read and applied once', async () => {
    const conversation = await conversationWithMember();
    const message = makeMessage(conversation.id, conversation.createdBy);
    const renamed = { ...conversation, title: 'renamed meanwhile', version: 2 };
    const rename = async () => repoOver(clean).updateConversation(renamed, 1);
    const bumped = await repoOver(faulty(clean, 'TransactWriteItems', [rename])).postMessage(message);
    expect(bumped).toStrictEqual({ ...renamed, lastActivityAt: message.createdAt, lastMessageId: message.id });
    expect(await repoOver(clean).getConversation(conversation.id)).toStrictEqual(bumped);
    expect((await repoOver(clean).listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([message]);
  });

  it('fault injection: a post committed between the unread count and the mark-read write makes it count again', async () => {
    const conversation = await conversationWithMember();
    const [a, b] = conversation.participantIds as [string, string];
    const seen = makeMessage(conversation.id, a);
    await repoOver(clean).postMessage(seen);
    const racing = makeMessage(conversation.id, a);
    // The count runs before the racing post; the write after it must not store the short count.
    const post = async () => void (await repoOver(clean).postMessage(racing));
    const marked = await repoOver(faulty(clean, 'TransactWriteItems', [post])).markRead(
      conversation.id,
      b,
      seen.id,
      seen.createdAt,
    );
    expect(marked).toMatchObject({ moved: true, state: { lastReadMessageId: seen.id, unreadCount: 1 } });
    expect((await repoOver(clean).getReadStates(b, [conversation.id]))[0]?.unreadCount).toBe(1);
  });

  it('a transaction cancelled by a condition (the message id exists) writes none of its parts', async () => {
    const conversation = await conversationWithMember();
    const first = makeMessage(conversation.id, conversation.createdBy);
    const repo = repoOver(clean);
    const afterFirst = await repo.postMessage(first);
    const { claim, completion } = await claimed(repo);
    const clash = { ...first, body: 'same id, other body', createdAt: new Date().toISOString() };
    await expectRejection(repo.postMessage(clash, completion), ConflictError, { reason: 'exists' });
    expect(await repo.getMessage(conversation.id, first.id)).toStrictEqual(first);
    expect(await repo.getConversation(conversation.id)).toStrictEqual(afterFirst);
    // The completion was not recorded: the claim is still in progress, so its lease lapses as usual.
    const later = { ...claim, token: 'later', now: claim.lockedUntil + 1, lockedUntil: claim.lockedUntil + 31 };
    expect(await repo.claimIdempotencyKey(later)).toEqual({ claimed: true });
  });

  it('fault injection: a dead endpoint is StoreUnavailableError after the retries, and nothing is written', async () => {
    const conversation = await conversationWithMember();
    const message = makeMessage(conversation.id, conversation.createdBy);
    sleeps.length = 0;
    const dead = repoOver(makeTransport(`http://127.0.0.1:${await closedPort()}`));
    await expectRejection(dead.postMessage(message), StoreUnavailableError);
    await expectRejection(dead.getConversation(conversation.id), StoreUnavailableError);
    expect(sleeps).toHaveLength(8); // 4 retries for each of the two calls
    expect(await repoOver(clean).getMessage(conversation.id, message.id)).toBeNull();
    expect(await repoOver(clean).getConversation(conversation.id)).toStrictEqual(conversation);
  });

  describe('under a request deadline', () => {
    /** A deadline 1 s ahead on a clock that only the test moves. */
    function manualDeadline() {
      let now = 1_000_000;
      return {
        deadline: { at: now + 1000, now: () => now },
        advance: (ms: number) => void (now += ms),
        now: () => now,
      };
    }

    it('fault injection: throttled without end, the retries stop before the deadline: StoreUnavailableError', async () => {
      const conversation = await conversationWithMember();
      const clock = manualDeadline();
      const started: number[] = [];
      const throttledForever: DynamoTransport = async () => {
        started.push(clock.now());
        clock.advance(300); // each attempt takes 300 ms of the request's time
        throw new DynamoTransportError('ThrottlingException', 'injected', { status: 400 });
      };
      const retry = { sleep: async (ms: number) => clock.advance(ms), random: () => 0.5, maxAttempts: 50 };
      const repo = createDynamoRepository({ transport: throttledForever, tableName, retry }).withDeadline?.(
        clock.deadline,
      );
      if (!repo) throw new Error('the DynamoDB backend takes a deadline');
      await expectRejection(repo.getConversation(conversation.id), StoreUnavailableError);
      expect(started.length).toBeGreaterThan(1);
      expect(started.length).toBeLessThan(50);
      for (const at of started) expect(at).toBeLessThan(clock.deadline.at);
    });

    it('fault injection: the post re-read loop stops at the deadline, with nothing written', async () => {
      const conversation = await conversationWithMember();
      const message = makeMessage(conversation.id, conversation.createdBy);
      const clock = manualDeadline();
      let transactions = 0;
      // Each transaction finds the conversation renamed meanwhile, and the rename took 2 s.
      const renamedEachTime = faulty(
        clean,
        'TransactWriteItems',
        Array.from({ length: 3 }, () => async () => {
          transactions += 1;
          const current = await repoOver(clean).getConversation(conversation.id);
          if (current)
            await repoOver(clean).updateConversation({ ...current, version: current.version + 1 }, current.version);
          clock.advance(2000);
        }),
      );
      const repo = repoOver(renamedEachTime).withDeadline?.(clock.deadline);
      if (!repo) throw new Error('the DynamoDB backend takes a deadline');
      await expectRejection(repo.postMessage(message), StoreUnavailableError);
      expect(transactions).toBe(1);
      expect(await repoOver(clean).getMessage(conversation.id, message.id)).toBeNull();
    });

    it('fault injection: a call in flight to a store that never answers is cut at the deadline', async () => {
      const silent = await silentEndpoint();
      try {
        const repo = repoOver(makeTransport(silent.url)).withDeadline?.({ at: Date.now() + 300, now: Date.now });
        if (!repo) throw new Error('the DynamoDB backend takes a deadline');
        await expectRejection(repo.getConversation(newId()), StoreUnavailableError);
      } finally {
        await silent.close();
      }
    });
  });
});
