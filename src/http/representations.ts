import type { Conversation, ReadState } from '../domain/model.js';
import { ConversationSchema, ConversationViewSchema } from '../schemas/conversations.js';
import { MessageSchema } from '../schemas/messages.js';
import { representer } from '../schemas/represent.js';
import { UserSchema } from '../schemas/users.js';

/** What clients see of each record: the fields its schema documents, nothing else (`representer`). */
export const userView = representer(UserSchema);
/** The record alone: what real-time events carry to every participant alike. */
export const conversationView = representer(ConversationSchema);
const callerView = representer(ConversationViewSchema);
/** What the caller sees: the record with the caller's own `lastReadMessageId` and `unreadCount`. */
export const callerConversationView = (
  conversation: Conversation,
  state: Pick<ReadState, 'lastReadMessageId' | 'unreadCount'>,
) => callerView({ ...conversation, lastReadMessageId: state.lastReadMessageId, unreadCount: state.unreadCount });
export const messageView = representer(MessageSchema);
