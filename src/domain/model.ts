/**
 * Parley's domain records, as stored by every backend and (through `src/http/representations.ts`)
 * shown to clients. Timestamps are ISO-8601 UTC strings; ids are ULIDs, so id order is time order.
 */

export interface User {
  id: string;
  /** Lower-cased on write: handles are unique case-insensitively. */
  handle: string;
  displayName: string;
  createdAt: string;
  updatedAt: string;
  /** Starts at 1, +1 on every change; the ETag is derived from it. */
  version: number;
}

export interface Conversation {
  id: string;
  title: string | null;
  /** Who created it: the only participant allowed to remove others. */
  createdBy: string;
  /** Always contains `createdBy` unless they left; at most 256 entries, no duplicates. */
  participantIds: string[];
  createdAt: string;
  updatedAt: string;
  /** Bumped by every posted message; drives "most recent activity first". Not part of `version`. */
  lastActivityAt: string;
  lastMessageId: string | null;
  /** Changes on rename and on participant changes, not on new messages. */
  version: number;
}

export interface Attachment {
  /** https URL of the media object. */
  url: string;
  /** IANA media type, e.g. `image/png`. */
  mediaType: string;
  name?: string;
  /** Size in bytes, when the client knows it. */
  size?: number;
}

export interface Message {
  id: string;
  conversationId: string;
  authorId: string;
  /** Empty string once deleted (a tombstone keeps its id, author and place in the timeline). */
  body: string;
  attachments: Attachment[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  version: number;
}
