import * as v from 'valibot';
import type { AttachmentRef, Conversation, Message, User } from '../domain/model.js';
import { LIMITS } from '../domain/rules.js';
import { ConversationSchema } from '../schemas/conversations.js';
import { MessageSchema } from '../schemas/messages.js';
import { UserSchema } from '../schemas/users.js';
import { type HandleWish, type ResolvedHandle, resolveHandles } from './handles.js';
import type { Digest } from './ids.js';
import type {
  ConversationDraft,
  MapContext,
  MessageDraft,
  MigrationMapping,
  SourceAttachment,
  UserDraft,
} from './mapping.js';
import { Rejection } from './rejection.js';
import type { SourceDocument } from './values.js';

export type Collection = 'users' | 'conversations' | 'messages';
export const COLLECTIONS: readonly Collection[] = ['users', 'conversations', 'messages'];

/** A change made to a document so it fits Parley's rules (the document is still migrated). */
export interface Adjustment {
  field: string;
  from: unknown;
  to: unknown;
  reason: string;
}

/** What the plan says about one document: its record (or draft), or why it is not migrated. */
export type Verdict<T> =
  | { ok: true; value: T; adjustments: Adjustment[] }
  | { ok: false; rejection: Rejection; adjustments: Adjustment[] };

/** An attachment the message keeps (by URL: the current attachment model), or why it was left out. */
export type AttachmentOutcome =
  | { kept: AttachmentRef; source: SourceAttachment }
  | { dropped: string; source: SourceAttachment };

interface ConversationEntry {
  ordinal: number;
  id: string;
  participantIds: string[];
  newestId: string | null;
  newestAt: string | null;
  messages: number;
}

/**
 * The migration's cross-document rules, shared by the dry run, the write passes and `--verify`:
 * built by reading every collection once (`indexUser`/`resolveHandles`/`indexConversation`/
 * `indexMessage`, in that order), then asked for each document's final record in the write pass
 * (`user`/`conversation`/`message`), which gives the same verdict as the index pass did — the
 * mapping is deterministic and the index no longer changes — so nothing per message is kept.
 *
 * Memory: one entry per user (its id, a handle) and per conversation (its id, participants, newest
 * message): for 100 000 users and 100 000 five-person conversations, roughly 50 MB.
 */
export class MigrationPlan {
  private readonly users = new Map<string, number>();
  private wishes: HandleWish[] = [];
  private handles = new Map<string, ResolvedHandle>();
  private readonly conversations = new Map<string, ConversationEntry>();
  private readonly rejectedConversations = new Set<string>();

  constructor(
    readonly mapping: MigrationMapping,
    private readonly digest: Digest,
  ) {}

  private map<T>(build: (context: MapContext) => T): Verdict<T> {
    const adjustments: Adjustment[] = [];
    const context: MapContext = {
      digest: this.digest,
      adjust: (field, from, to, reason) => adjustments.push({ field, from, to, reason }),
    };
    try {
      return { ok: true, value: build(context), adjustments };
    } catch (error) {
      if (error instanceof Rejection) return { ok: false, rejection: error, adjustments };
      throw error;
    }
  }

  // Index pass -------------------------------------------------------------------------------------

  indexUser(ordinal: number, doc: SourceDocument): Verdict<UserDraft> {
    return this.map((context) => {
      const draft = this.mapping.user(doc, context);
      if (this.users.has(draft.id)) throw new Rejection('duplicate-id', '_id', `user id ${draft.id} appears twice`);
      check(UserSchema(), userRecord(draft, 'user'));
      this.users.set(draft.id, ordinal);
      this.wishes.push({ userId: draft.id, username: draft.username });
      return draft;
    });
  }

  /** Decide every handle (after the last `indexUser`). Returns the users whose handle is not their username lower-cased. */
  resolveHandles(): Array<{ userId: string; username: string | null } & ResolvedHandle> {
    const usernames = new Map(this.wishes.map((w) => [w.userId, w.username]));
    this.handles = resolveHandles(this.wishes);
    this.wishes = [];
    const changed: Array<{ userId: string; username: string | null } & ResolvedHandle> = [];
    for (const [userId, resolved] of this.handles) {
      if (resolved.reason !== null) changed.push({ userId, username: usernames.get(userId) ?? null, ...resolved });
    }
    return changed.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }

  indexConversation(ordinal: number, doc: SourceDocument): Verdict<ConversationDraft> {
    const verdict = this.map((context) => {
      const draft = this.mapping.conversation(doc, context);
      if (this.conversations.has(draft.key))
        throw new Rejection('duplicate-id', '_id', `conversation ${draft.key} appears twice`);
      if (draft.participantIds.length > LIMITS.participants) {
        throw new Rejection(
          'too-many-participants',
          'members',
          `${draft.participantIds.length} members; a conversation has at most ${LIMITS.participants}`,
        );
      }
      check(ConversationSchema(), conversationRecord(draft, null));
      const unknown = draft.participantIds.filter((id) => !this.users.has(id));
      if (unknown.length > 0) {
        context.adjust(
          'members',
          unknown.slice(0, 5),
          unknown.slice(0, 5),
          `${unknown.length} not among the users (kept: only the API refuses new participants without a profile)`,
        );
      }
      if (!this.users.has(draft.createdBy)) {
        context.adjust('createdBy', draft.createdBy, draft.createdBy, 'not among the users (kept)');
      }
      this.conversations.set(draft.key, {
        ordinal,
        id: draft.id,
        participantIds: draft.participantIds,
        newestId: null,
        newestAt: null,
        messages: 0,
      });
      return draft;
    });
    if (!verdict.ok) {
      const key = this.keyOf(doc);
      if (key !== null && !this.conversations.has(key)) this.rejectedConversations.add(key);
    }
    return verdict;
  }

  private keyOf(doc: SourceDocument): string | null {
    try {
      return this.mapping.conversation(doc, { digest: this.digest, adjust: () => {} }).key;
    } catch {
      return null;
    }
  }

  /** The message record and what became of each of its attachments. */
  indexMessage(doc: SourceDocument): Verdict<{ record: Message; attachments: AttachmentOutcome[] }> {
    return this.map((context) => {
      const { record, entry, attachments } = this.messageOf(doc, context);
      entry.messages++;
      if (entry.newestId === null || record.id > entry.newestId) {
        entry.newestId = record.id;
        entry.newestAt = record.createdAt;
      }
      return { record, attachments };
    });
  }

  private messageOf(
    doc: SourceDocument,
    context: MapContext,
  ): { record: Message; entry: ConversationEntry; attachments: AttachmentOutcome[] } {
    const draft = this.mapping.message(doc, context);
    const entry = this.conversations.get(draft.conversationKey);
    if (!entry) {
      const why = this.rejectedConversations.has(draft.conversationKey)
        ? 'was rejected'
        : 'is not among the conversations';
      throw new Rejection('conversation-missing', 'conversation', `conversation ${draft.conversationKey} ${why}`);
    }
    if (!this.users.has(draft.authorId)) {
      throw new Rejection('author-missing', 'author', `author ${draft.authorId} is not among the migrated users`);
    }
    if (!entry.participantIds.includes(draft.authorId)) {
      throw new Rejection(
        'author-not-member',
        'author',
        `author ${draft.authorId} is not a member of the conversation`,
      );
    }
    if (draft.deletedAt === null) {
      if (draft.body.length === 0)
        throw new Rejection('empty-body', 'text', 'text is empty (Parley messages have a body)');
      if (draft.body.length > LIMITS.messageBody) {
        throw new Rejection(
          'body-too-long',
          'text',
          `text has ${draft.body.length} characters; the limit is ${LIMITS.messageBody}`,
        );
      }
    }
    if (draft.attachments.length > LIMITS.attachments) {
      throw new Rejection(
        'too-many-attachments',
        'attachments',
        `${draft.attachments.length} attachments; a message has at most ${LIMITS.attachments}`,
      );
    }
    const outcomes = draft.attachments.map(linkAttachment);
    const kept: AttachmentRef[] = [];
    outcomes.forEach((outcome, i) => {
      if ('kept' in outcome) kept.push(outcome.kept);
      else context.adjust(`attachments.${i}`, outcome.source.url, null, `left out: ${outcome.dropped}`);
    });
    const record = messageRecord(draft, entry.id, kept);
    check(MessageSchema(), record);
    return { record, entry, attachments: outcomes };
  }

  // Write pass -------------------------------------------------------------------------------------

  /** The user record of document `ordinal`, or `null` when the index pass rejected it. */
  user(ordinal: number, doc: SourceDocument): User | null {
    const verdict = this.map((context) => this.mapping.user(doc, context));
    if (!verdict.ok || this.users.get(verdict.value.id) !== ordinal) return null;
    const handle = this.handles.get(verdict.value.id)?.handle;
    return handle === undefined ? null : userRecord(verdict.value, handle);
  }

  /** The conversation record, with its activity from the newest migrated message; `null` when rejected. */
  conversation(ordinal: number, doc: SourceDocument): Conversation | null {
    const verdict = this.map((context) => this.mapping.conversation(doc, context));
    if (!verdict.ok) return null;
    const entry = this.conversations.get(verdict.value.key);
    if (!entry || entry.ordinal !== ordinal) return null;
    return conversationRecord(verdict.value, entry);
  }

  /** The message record and its attachments' outcomes, or `null` when rejected. */
  message(doc: SourceDocument): { record: Message; attachments: AttachmentOutcome[] } | null {
    const verdict = this.map((context) => this.messageOf(doc, context));
    return verdict.ok ? { record: verdict.value.record, attachments: verdict.value.attachments } : null;
  }

  // For --verify and reports -------------------------------------------------------------------------

  /** Expected messages per conversation id (after the index pass). */
  messageCounts(): Map<string, { messages: number; newestId: string | null }> {
    const out = new Map<string, { messages: number; newestId: string | null }>();
    for (const entry of this.conversations.values())
      out.set(entry.id, { messages: entry.messages, newestId: entry.newestId });
    return out;
  }

  /** The conversation ids `userId` takes part in, as migrated. */
  conversationsOf(userId: string): string[] {
    const out: string[] = [];
    for (const entry of this.conversations.values()) if (entry.participantIds.includes(userId)) out.push(entry.id);
    return out.sort();
  }

  get userCount(): number {
    return this.users.size;
  }

  get conversationCount(): number {
    return this.conversations.size;
  }
}

/** Validate a record against its schema; a failure is the document's rejection, naming the field. */
function check(schema: v.GenericSchema, record: unknown): void {
  const result = v.safeParse(schema, record);
  if (result.success) return;
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? null;
  throw new Rejection('invalid-value', path, `${path ?? 'record'}: ${issue.message}`);
}

function userRecord(draft: UserDraft, handle: string): User {
  return {
    id: draft.id,
    handle,
    displayName: draft.displayName,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
    version: 1,
  };
}

function conversationRecord(
  draft: ConversationDraft,
  activity: { newestId: string | null; newestAt: string | null } | null,
): Conversation {
  const newestAt = activity?.newestAt ?? null;
  return {
    id: draft.id,
    title: draft.title,
    createdBy: draft.createdBy,
    participantIds: draft.participantIds,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
    lastActivityAt: newestAt !== null && newestAt > draft.createdAt ? newestAt : draft.createdAt,
    lastMessageId: activity?.newestId ?? null,
    version: 1,
  };
}

function messageRecord(draft: MessageDraft, conversationId: string, attachments: AttachmentRef[]): Message {
  return {
    id: draft.id,
    conversationId,
    authorId: draft.authorId,
    body: draft.body,
    attachments,
    createdAt: draft.createdAt,
    editedAt: draft.editedAt,
    deletedAt: draft.deletedAt,
    version: 1,
  };
}

/**
 * A source attachment is a URL the source hosted; Parley's messages reference attachments Parley
 * stores itself (records made by `POST /v1/conversations/{id}/attachments` and processed), so a URL
 * cannot be carried over as it is: every one is left out of the message and listed in the report
 * (`attachments.jsonl`). The copy step (`--media`) is what will store their bytes.
 */
export function linkAttachment(source: SourceAttachment): AttachmentOutcome {
  return { dropped: 'URL attachments are no longer part of a message (the --media copy step stores them)', source };
}

/** Deterministic sampling for `--verify`: whether `id` is in a `rate` (0–1) sample (FNV-1a of the id). */
export function sampled(id: string, rate: number): boolean {
  if (rate >= 1) return true;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32 < rate;
}
