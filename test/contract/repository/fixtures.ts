import { decodeTime, monotonicFactory } from 'ulidx';
import { expect, it } from 'vitest';
import { pendingAttachment } from '../../../src/media/records.js';
import type { Attachment, Conversation, Message, User } from '../../../src/domain/model.js';
import type { RepositoryError } from '../../../src/repository/errors.js';
import type {
  IdempotencyClaim,
  IdempotencyCompletion,
  Repository,
  RepositoryCapabilities,
  StoredResponse,
} from '../../../src/repository/port.js';

/** What every group of contract cases gets: one repository shared by the suite, and its flags. */
export interface ContractContext {
  repository: Repository;
  capabilities: RepositoryCapabilities;
}

type Flag = 'atomicConditionalWrites' | 'transactions' | 'strongReads' | 'fencedIdempotency';

/**
 * A case that needs capabilities the backend may lack: skipped (never silently) when a flag is
 * false, with the backend's own reason in the test name.
 */
export function itNeeds(
  capabilities: RepositoryCapabilities,
  flags: Flag[],
  name: string,
  fn: () => Promise<void>,
): void {
  const missing = flags.filter((flag) => !capabilities[flag]);
  const reason = missing.map((f) => `${f}: ${capabilities.notes[f] ?? 'no reason declared'}`);
  const title = missing.length ? `${name} [skipped, ${reason.join('; ')}]` : name;
  it.skipIf(missing.length > 0)(title, fn);
}

// Ids are unique per call, so the suite can run on a store shared with other runs.
const nextUlid = monotonicFactory();
export const newId = (): string => nextUlid();

/** A fixed past instant plus `seconds`: activity older than any message posted by the suite. */
export const at = (seconds: number): string => new Date(Date.UTC(2020, 0, 1) + seconds * 1000).toISOString();

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function makeUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? newId();
  return {
    id,
    handle: `h${id.toLowerCase()}`,
    displayName: 'Ada Lovelace',
    createdAt: at(0),
    updatedAt: at(0),
    version: 1,
    ...overrides,
  };
}

export function makeConversation(
  createdBy: string,
  others: string[] = [],
  overrides: Partial<Conversation> = {},
): Conversation {
  return {
    id: newId(),
    title: 'Launch plans',
    createdBy,
    participantIds: [createdBy, ...others],
    createdAt: at(0),
    updatedAt: at(0),
    lastActivityAt: at(0),
    lastMessageId: null,
    version: 1,
    ...overrides,
  };
}

/** A message whose `createdAt` is its ULID's time, as the core makes them. */
export function makeMessage(conversationId: string, authorId: string, overrides: Partial<Message> = {}): Message {
  const id = overrides.id ?? newId();
  return {
    id,
    conversationId,
    authorId,
    body: `message ${id}`,
    attachments: [
      {
        id: newId(),
        mediaType: 'image/png',
        name: 'a.png',
        bytes: 1024,
        width: 64,
        height: 48,
        sha256: 'a'.repeat(64),
      },
      {
        id: newId(),
        mediaType: 'application/pdf',
        name: null,
        bytes: 2048,
        width: null,
        height: null,
        sha256: 'b'.repeat(64),
      },
    ],
    createdAt: new Date(decodeTime(id)).toISOString(),
    editedAt: null,
    deletedAt: null,
    version: 1,
    ...overrides,
  };
}

/** A pending attachment record of `conversationId`, as `POST …/attachments` makes it. */
export function makeAttachment(
  conversationId: string,
  uploaderId: string,
  overrides: Partial<Attachment> = {},
): Attachment {
  const id = overrides.id ?? newId();
  const request = { id, conversationId, uploaderId, mediaType: 'image/jpeg', size: 4096, name: 'photo.jpg' };
  return {
    ...pendingAttachment(request, new Date(decodeTime(id))),
    // Live for a day from now whatever time its id carries.
    expiresAt: nowSeconds() + 86_400,
    ...overrides,
  };
}

/** A claim of a fresh key under a fresh token, its lease 30 s from `now`, its record 24 h. */
export function makeClaim(overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim {
  const now = overrides.now ?? nowSeconds();
  return {
    key: `idem-${newId()}`,
    fingerprint: 'fp-1',
    token: `token-${newId()}`,
    expiresAt: now + 86_400,
    lockedUntil: now + 30,
    now,
    ...overrides,
  };
}

/** The outcome a request under `claim` records (its key, fingerprint and token). */
export function completionFor(
  claim: Pick<IdempotencyClaim, 'key' | 'fingerprint' | 'token' | 'expiresAt'>,
  response: StoredResponse = {
    status: 201,
    headers: { 'content-type': 'application/json', etag: '"1"' },
    body: `{"id":"${claim.token}"}`,
  },
): IdempotencyCompletion {
  const { key, fingerprint, token, expiresAt } = claim;
  return { key, fingerprint, token, expiresAt, response };
}

/** Claims a fresh key on `repository` and returns the claim and the completion that goes with it. */
export async function claimed(repository: Repository, overrides: Partial<IdempotencyClaim> = {}) {
  const claim = makeClaim(overrides);
  const result = await repository.claimIdempotencyKey(claim);
  if (!result.claimed) throw new Error(`fresh key ${claim.key} was not claimable`);
  return { claim, completion: completionFor(claim) };
}

/** Rejects with `type` (and, for conflicts, `reason`). */
export async function expectRejection(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => RepositoryError,
  fields: Record<string, unknown> = {},
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ${type.name}`).toBeInstanceOf(type);
  expect(error).toMatchObject(fields);
}

/** Walks every page, checking each is within `limit`, and returns the items in order. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; cursor: string | null }>,
  limit: number,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await fetchPage(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items);
    if (page.cursor === null) return pages;
    expect(typeof page.cursor).toBe('string');
    cursor = page.cursor;
  }
  throw new Error('pagination did not end after 100 pages');
}

/** Two users `a` and `b` in a new conversation `a` created, and one message by `a` posted in it. */
export async function conversationWithMessage(repo: Pick<Repository, 'createConversation' | 'postMessage'>) {
  const [a, b] = [newId(), newId()];
  const conversation = makeConversation(a, [b]);
  await repo.createConversation(conversation);
  const message = makeMessage(conversation.id, a);
  await repo.postMessage(message);
  return { a, b, conversation, message };
}
