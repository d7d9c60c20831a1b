import { LIMITS } from '../domain/rules.js';
import {
  creationTime,
  cut,
  field,
  iso,
  missing,
  optionalBoolean,
  optionalCount,
  optionalDate,
  optionalString,
  requiredString,
  wrongType,
} from './fields.js';
import { type Digest, idKey, ulidFor, userIdFrom } from './ids.js';
import { Rejection } from './rejection.js';
import { isDocument, type SourceDocument, typeName } from './values.js';

/**
 * A mapping turns ONE source document into a draft of a Parley record. Everything that spans
 * documents — unique handles, references to users and conversations, membership of authors, limits,
 * last activity — is Parley's and is applied afterwards by `./plan.ts`, whatever the mapping. A team
 * whose collections differ writes its own `MigrationMapping` (a module exporting it as `default`,
 * passed with `--mapping`), usually by wrapping `mongooseChatMapping`.
 */
export interface MigrationMapping {
  /** Source collection names. */
  collections: { users: string; conversations: string; messages: string };
  user(doc: SourceDocument, context: MapContext): UserDraft;
  conversation(doc: SourceDocument, context: MapContext): ConversationDraft;
  message(doc: SourceDocument, context: MapContext): MessageDraft;
}

export interface MapContext {
  /** SHA-256 (in the CLI) for ids that are not ObjectIds. */
  digest: Digest;
  /** Record a change made to fit Parley's rules (shown in the report and `adjustments.jsonl`). */
  adjust(field: string, from: unknown, to: unknown, reason: string): void;
}

export interface UserDraft {
  id: string;
  /** As stored; `./handles.ts` turns every user's into a unique handle. */
  username: string | null;
  displayName: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationDraft {
  id: string;
  /** `idKey` of the source `_id`: what messages refer to. */
  key: string;
  title: string | null;
  createdBy: string;
  participantIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface MessageDraft {
  id: string;
  /** `idKey` of the conversation the message refers to. */
  conversationKey: string;
  authorId: string;
  body: string;
  attachments: SourceAttachment[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

/** An attachment as the source describes it (`{ url, mimeType, filename?, size? }` in the default mapping). */
export interface SourceAttachment {
  url: string;
  mediaType: string;
  name?: string;
  size?: number;
}

function created(doc: SourceDocument, context: MapContext): number {
  return creationTime(doc, 'createdAt', (ms) => context.adjust('createdAt', null, iso(ms), 'missing: taken from _id'));
}

/**
 * The documented default (a typical Mongoose chat app):
 * - `users { _id, username, name, createdAt, updatedAt? }`
 * - `conversations { _id, title?, createdBy, members[], createdAt, updatedAt? }`
 * - `messages { _id, conversation, author, text, attachments?[{ url, mimeType, filename?, size? }],
 *   createdAt, editedAt?, deleted? }`
 */
export const mongooseChatMapping: MigrationMapping = {
  collections: { users: 'users', conversations: 'conversations', messages: 'messages' },

  user(doc, context) {
    const id = userIdFrom(doc._id, '_id');
    const username = optionalString(doc, 'username');
    const createdAt = created(doc, context);
    const updatedAt = optionalDate(doc, 'updatedAt') ?? createdAt;
    let displayName = optionalString(doc, 'name') ?? '';
    if (displayName.trim() === '') {
      const fallback = username && username.trim() !== '' ? username : id;
      context.adjust('name', displayName === '' ? null : displayName, fallback, 'empty: the username (or id) instead');
      displayName = fallback;
    }
    if (displayName.length > LIMITS.displayName) {
      const short = cut(displayName, LIMITS.displayName);
      context.adjust('name', displayName, short, `longer than ${LIMITS.displayName} characters: cut`);
      displayName = short;
    }
    return { id, username, displayName, createdAt: iso(createdAt), updatedAt: iso(updatedAt) };
  },

  conversation(doc, context) {
    const key = idKey(doc._id);
    if (key === null)
      throw new Rejection(
        doc._id === undefined ? 'missing-field' : 'invalid-id',
        '_id',
        `_id: ${typeName(doc._id)} cannot be an id`,
      );
    const createdAt = created(doc, context);
    const updatedAt = optionalDate(doc, 'updatedAt') ?? createdAt;
    let title = optionalString(doc, 'title');
    if (title !== null && title.length > LIMITS.title) {
      const short = cut(title, LIMITS.title);
      context.adjust('title', title, short, `longer than ${LIMITS.title} characters: cut`);
      title = short;
    }
    const members = field(doc, 'members');
    if (!Array.isArray(members)) throw wrongType('members', 'an array of user ids', members);
    const participantIds = [...new Set(members.map((member, i) => userIdFrom(member, `members.${i}`)))];
    if (participantIds.length < members.length) {
      context.adjust('members', members.length, participantIds.length, 'listed a user twice: once each');
    }
    return {
      id: ulidFor(doc._id, createdAt, context.digest),
      key,
      title,
      createdBy: userIdFrom(doc.createdBy, 'createdBy'),
      participantIds,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
    };
  },

  message(doc, context) {
    const createdAt = created(doc, context);
    const conversationKey = idKey(field(doc, 'conversation'));
    if (conversationKey === null) throw wrongType('conversation', 'a conversation id', field(doc, 'conversation'));
    const authorId = userIdFrom(doc.author, 'author');
    const deleted = optionalBoolean(doc, 'deleted') === true;
    const editedAt = optionalDate(doc, 'editedAt');
    const id = ulidFor(doc._id, createdAt, context.digest);
    if (deleted) {
      // A tombstone keeps its id, author and place in the timeline; its text and files are not carried.
      const deletedAt = optionalDate(doc, 'deletedAt') ?? optionalDate(doc, 'updatedAt') ?? editedAt ?? createdAt;
      return {
        id,
        conversationKey,
        authorId,
        body: '',
        attachments: [],
        createdAt: iso(createdAt),
        editedAt: editedAt === null ? null : iso(editedAt),
        deletedAt: iso(deletedAt),
      };
    }
    const rawAttachments = field(doc, 'attachments');
    if (!missing(rawAttachments) && !Array.isArray(rawAttachments)) {
      throw wrongType('attachments', 'an array', rawAttachments);
    }
    const attachments = (Array.isArray(rawAttachments) ? rawAttachments : []).map((entry, i): SourceAttachment => {
      const path = `attachments.${i}`;
      if (!isDocument(entry)) throw wrongType(path, 'a document', entry);
      const name = optionalString(doc, `${path}.filename`);
      const size = optionalCount(doc, `${path}.size`);
      return {
        url: requiredString(doc, `${path}.url`),
        mediaType: requiredString(doc, `${path}.mimeType`),
        ...(name !== null ? { name } : {}),
        ...(size !== null ? { size } : {}),
      };
    });
    return {
      id,
      conversationKey,
      authorId,
      body: requiredString(doc, 'text'),
      attachments,
      createdAt: iso(createdAt),
      editedAt: editedAt === null ? null : iso(editedAt),
      deletedAt: null,
    };
  },
};

/**
 * The same mapping with user ids taken from `subjectOf` (a MongoDB user id → the `sub` your identity
 * provider issues for that person), for providers that assign subjects themselves (Cognito's `sub` is
 * its own UUID and cannot be overridden by a trigger). Every reference — `createdBy`, members,
 * authors — goes through it too. A user id it does not know is kept as it is.
 */
export function withSubjects(
  mapping: MigrationMapping,
  subjectOf: (mongoUserId: string) => string | undefined,
): MigrationMapping {
  const subject = (id: string) => subjectOf(id) ?? id;
  return {
    collections: mapping.collections,
    user: (doc, context) => {
      const draft = mapping.user(doc, context);
      return { ...draft, id: subject(draft.id) };
    },
    conversation: (doc, context) => {
      const draft = mapping.conversation(doc, context);
      return { ...draft, createdBy: subject(draft.createdBy), participantIds: draft.participantIds.map(subject) };
    },
    message: (doc, context) => {
      const draft = mapping.message(doc, context);
      return { ...draft, authorId: subject(draft.authorId) };
    },
  };
}
