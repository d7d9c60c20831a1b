import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Message, User } from '../../../src/domain/model.js';
import { StoreUnavailableError } from '../../../src/repository/errors.js';
import { createMemoryRepository } from '../../../src/repository/memory/index.js';
import type { Repository } from '../../../src/repository/port.js';
import { EXPECTED, edgeCaseDataset, writeExport } from './fixtures.js';
import { readJsonl, run, tempDir } from './support.js';

const ALICE = '603cd7410a0a0a0a0a000001';

async function allMessages(repository: Repository, conversationId: string): Promise<Message[]> {
  const out: Message[] = [];
  let cursor: string | undefined;
  do {
    const page = await repository.listMessages(conversationId, { limit: 3, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return out;
}

let from: string;
beforeAll(async () => {
  from = await writeExport(await tempDir('run-src'), edgeCaseDataset(), { flavour: 'relaxed', layout: 'lines' });
});

describe('a migration into the memory backend (every rule of the port applies)', () => {
  it('maps, rejects with reasons, writes the accepted records, and keeps message order', async () => {
    const repository = createMemoryRepository();
    const outDir = await tempDir('run-out');
    const report = await run(from, repository, { outDir, verify: true, sampleRate: 1 });
    for (const name of ['users', 'conversations', 'messages'] as const) {
      const expected = EXPECTED[name];
      expect(report.collections[name]).toMatchObject({
        read: expected.read,
        accepted: expected.accepted,
        rejections: expected.rejected,
      });
      expect(report.collections[name].written).toBe(expected.accepted);
    }
    expect(report.verify?.ok).toBe(true);
    expect(report.verify?.collections.messages).toMatchObject({
      expected: 12,
      found: 12,
      compared: 12,
      missing: 0,
      different: 0,
    });

    // errors.jsonl names every rejected document with its rule.
    const errors = await readJsonl(join(outDir, 'errors.jsonl'));
    expect(errors).toHaveLength(3 + 2 + 9);
    expect(errors).toContainEqual(
      expect.objectContaining({ collection: 'messages', code: 'author-not-member', field: 'author' }),
    );

    // Handles: normalised, collisions and invalid ones resolved and reported.
    const handles = Object.fromEntries(
      (await readJsonl(join(outDir, 'adjustments.jsonl')))
        .filter((a) => a.field === 'handle')
        .map((a) => [a.from, a.to]),
    );
    expect(handles).toEqual({ ALICE: 'alice_2', 'john.doe': 'john_doe', jo: 'user_jo', Zoë_Ünïcode: 'zoe_unicode' });
    expect((await repository.getUserByHandle('alice'))?.id).toBe(ALICE);
    expect((await repository.getUserByHandle('bob_builder'))?.displayName).toBe('Bob');
    const carol = (await repository.getUser('603cd7430a0a0a0a0a000003')) as User;
    expect(carol.createdAt).toBe('1965-05-01T00:00:00.000Z');
    expect(carol.displayName).toHaveLength(80);
    expect(await repository.getUser('legacy-user-1')).toMatchObject({ handle: 'legacy' });
    expect(await repository.getUser('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toMatchObject({ handle: 'uuid_user' });

    // The main room: messages in their original order (newest first), activity from the newest.
    const conversations = await repository.listConversations(ALICE, { limit: 10 });
    const main = conversations.items.find((c) => c.title === 'Main room');
    expect(main).toBeDefined();
    const messages = await allMessages(repository, main?.id ?? '');
    expect(messages.map((m) => m.body).reverse()).toEqual(EXPECTED.mainRoom);
    expect(main?.lastMessageId).toBe(messages[0]?.id);
    expect(main?.lastActivityAt).toBe(messages[0]?.createdAt);
    // Tombstone, edit; URL attachments are left out of messages and listed (the --media copy step will carry them).
    const tombstone = messages.find((m) => m.deletedAt !== null);
    expect(tombstone).toMatchObject({ body: '', attachments: [], deletedAt: '2021-03-01T12:17:50.000Z' });
    expect(messages.find((m) => m.body === 'edited later')?.editedAt).toBe('2021-03-01T12:17:40.000Z');
    expect(messages.find((m) => m.body === 'with files')?.attachments).toEqual([]);
    const listed = await readJsonl(join(outDir, 'attachments.jsonl'));
    expect(listed.map((a) => a.carried)).toEqual([null, null, null]);
    expect(conversations.items.map((c) => c.title).sort()).toEqual(['Legacy', 'Main room', 'T'.repeat(200)]);
    // Participants deduplicated; a member without a user document kept.
    expect(conversations.items.find((c) => c.title?.startsWith('TTT'))?.participantIds).toHaveLength(4);
  });

  it('is idempotent: a second run writes nothing and finds everything unchanged', async () => {
    const repository = createMemoryRepository();
    await run(from, repository, { outDir: await tempDir('idem-1') });
    const second = await run(from, repository, { outDir: await tempDir('idem-2') });
    for (const name of ['users', 'conversations', 'messages'] as const) {
      expect(second.collections[name].written).toBe(0);
      expect(second.collections[name].unchanged).toBe(EXPECTED[name].accepted);
      expect(second.collections[name].conflicts).toBe(0);
    }
  });

  it('reports a key stored with different content (and a handle owned by another user) as conflicts, and overwrites nothing', async () => {
    const repository = createMemoryRepository();
    const now = '2030-01-01T00:00:00.000Z';
    const squatter = {
      id: 'native-user',
      handle: 'bob_builder',
      displayName: 'Native',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const edited = {
      id: ALICE,
      handle: 'alice',
      displayName: 'Alice, edited in Parley',
      createdAt: now,
      updatedAt: now,
      version: 2,
    };
    await repository.saveUser(squatter, 'absent');
    await repository.saveUser(edited, 'absent');
    const outDir = await tempDir('conflicts');
    const report = await run(from, repository, { outDir });
    expect(report.collections.users.conflictReasons).toEqual({ 'handle-taken': 1, 'different-content': 1 });
    expect(await repository.getUser(ALICE)).toEqual(edited);
    expect(await repository.getUserByHandle('bob_builder')).toEqual(squatter);
    const conflicts = await readJsonl(join(outDir, 'conflicts.jsonl'));
    expect(conflicts).toContainEqual(
      expect.objectContaining({ collection: 'users', id: ALICE, reason: 'different-content', stored: edited }),
    );
  });

  it('a dry run reads and reports everything and writes nothing', async () => {
    const outDir = await tempDir('dry');
    const report = await run(from, null, { outDir });
    expect(report.mode).toBe('dry-run');
    expect(report.collections.messages).toMatchObject({ accepted: 12, written: 0 });
    expect(await readJsonl(join(outDir, 'conflicts.jsonl'))).toEqual([]);
  });

  it('fault injection: a store that keeps throttling past its own retries is retried with backoff, and the result is complete', async () => {
    const inner = createMemoryRepository();
    let failures = 0;
    const throttled = new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (
          typeof value !== 'function' ||
          !['saveUser', 'createConversation', 'postMessage'].includes(String(property))
        )
          return value;
        return (...args: unknown[]) => {
          // Every third write is throttled twice before it goes through.
          if (failures++ % 3 < 2)
            return Promise.reject(new StoreUnavailableError('ProvisionedThroughputExceededException (after retries)'));
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
    const slept: number[] = [];
    const report = await run(from, throttled, {
      outDir: await tempDir('throttle'),
      verify: true,
      sampleRate: 1,
      retry: { sleep: async (ms) => void slept.push(ms) },
      concurrency: 1,
    });
    expect(report.retries).toBeGreaterThan(10);
    expect(slept.every((ms) => ms > 0)).toBe(true);
    expect(report.verify?.ok).toBe(true);
    expect(report.collections.messages.written).toBe(12);
  });

  it('fault injection: a store that stays down stops the run with an error (the checkpoint lets --resume continue)', async () => {
    const inner = createMemoryRepository();
    const down = { ...inner, postMessage: () => Promise.reject(new StoreUnavailableError('down')) } as Repository;
    const outDir = await tempDir('down');
    await expect(run(from, down, { outDir, retry: { attempts: 3, sleep: async () => {} } })).rejects.toThrow('down');
    const resumed = await run(from, inner, { outDir, resume: true });
    expect(resumed.resumed).toBe(true);
    expect(resumed.collections.users).toMatchObject({ written: 10, unchanged: 0 });
    expect(resumed.collections.messages.written).toBe(12);
  });
});
