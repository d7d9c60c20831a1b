import type { BackendOperations } from '../bind-operations.js';
import { call, type DurableObjectContext } from './context.js';
import { type ConversationRpc, objectOf } from './namespaces.js';
import type { Reply } from './rpc.js';

type Operations = BackendOperations<DurableObjectContext>;

/** One call to the object of conversation `id` (`idFromName(id)`). */
export const inConversation = <T>(
  context: DurableObjectContext,
  id: string,
  invoke: (object: ConversationRpc) => Promise<Reply<T>>,
): Promise<T> => call(context, 'conversation', () => invoke(objectOf(context, context.conversations, id)));

/**
 * The operations answered by one conversation's object, the source of truth for the conversation,
 * its participants' horizons, its messages and its attachments: each is one call to it.
 */
export const conversationCalls: Pick<
  Operations,
  | 'createConversation'
  | 'getConversation'
  | 'updateConversation'
  | 'markRead'
  | 'listReadStates'
  | 'postMessage'
  | 'getMessage'
  | 'updateMessage'
  | 'listMessages'
  | 'createAttachment'
  | 'getAttachment'
  | 'updateAttachment'
> = {
  async createConversation(context, conversation, completion) {
    await inConversation(context, conversation.id, (object) => object.createConversation(conversation, completion));
  },
  getConversation: (context, id) => inConversation(context, id, (object) => object.getConversation(id)),
  async updateConversation(context, next, expectedVersion, completion) {
    await inConversation(context, next.id, (object) => object.updateConversation(next, expectedVersion, completion));
  },
  markRead: (context, conversationId, userId, messageId, at) =>
    inConversation(context, conversationId, (object) => object.markRead(conversationId, userId, messageId, at)),
  listReadStates: (context, conversationId) =>
    inConversation(context, conversationId, (object) => object.listReadStates(conversationId)),
  postMessage: (context, message, completion) =>
    inConversation(context, message.conversationId, (object) => object.postMessage(message, completion)),
  getMessage: (context, conversationId, messageId) =>
    inConversation(context, conversationId, (object) => object.getMessage(messageId)),
  async updateMessage(context, next, expectedVersion) {
    await inConversation(context, next.conversationId, (object) => object.updateMessage(next, expectedVersion));
  },
  listMessages: (context, conversationId, page) =>
    inConversation(context, conversationId, (object) => object.listMessages(page)),
  async createAttachment(context, attachment, completion) {
    await inConversation(context, attachment.conversationId, (object) =>
      object.createAttachment(attachment, completion),
    );
  },
  getAttachment: (context, conversationId, attachmentId) =>
    inConversation(context, conversationId, (object) => object.getAttachment(attachmentId)),
  async updateAttachment(context, next, expectedVersion) {
    await inConversation(context, next.conversationId, (object) => object.updateAttachment(next, expectedVersion));
  },
};
