import type { Attachment, Conversation, Message, User } from '../domain/model.js';

/**
 * What clients see of each record: the documented fields only, picked one by one, so a field a
 * backend adds to its records (keys, TTLs, index attributes) can never leak into a response.
 */

export function userView(user: User) {
  return {
    id: user.id,
    handle: user.handle,
    displayName: user.displayName,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    version: user.version,
  };
}

export function conversationView(conversation: Conversation) {
  return {
    id: conversation.id,
    title: conversation.title,
    createdBy: conversation.createdBy,
    participantIds: [...conversation.participantIds],
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    lastActivityAt: conversation.lastActivityAt,
    lastMessageId: conversation.lastMessageId,
    version: conversation.version,
  };
}

export function messageView(message: Message) {
  return {
    id: message.id,
    conversationId: message.conversationId,
    authorId: message.authorId,
    body: message.body,
    attachments: message.attachments.map(attachmentView),
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
    version: message.version,
  };
}

export function attachmentView(attachment: Attachment): Attachment {
  return {
    url: attachment.url,
    mediaType: attachment.mediaType,
    ...(attachment.name !== undefined ? { name: attachment.name } : {}),
    ...(attachment.size !== undefined ? { size: attachment.size } : {}),
  };
}
