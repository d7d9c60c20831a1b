import { createAttachment, getAttachment } from './attachments.js';
import { addParticipants, removeParticipant } from './participants.js';
import { createConversation, getConversation, listConversations, renameConversation } from './conversations.js';
import { deleteMessage, editMessage, getMessage, listMessages, postMessage } from './messages.js';
import { getDocs, getHealth, getOpenApi } from './meta.js';
import type { Operation } from './operation.js';
import { listReadStates, markConversationRead } from './read-state.js';
import { createRealtimeTicket } from './realtime.js';
import { deleteMe, findUserByHandle, getMe, getUser, patchMe, putMe } from './users.js';

/**
 * Every operation of the API, in document order — the one table: `createApp` mounts these (and
 * nothing else), `openapi/generate.ts` documents these, and a test checks that the mounted routes,
 * this table and `openapi/openapi.json` are the same set. A route is added here, once.
 *
 * Order matters where paths overlap: `/v1/users/me` comes before `/v1/users/{userId}`.
 */
export const OPERATIONS: readonly Operation[] = [
  getHealth,
  getOpenApi,
  getDocs,
  putMe,
  getMe,
  patchMe,
  deleteMe,
  getUser,
  findUserByHandle,
  createConversation,
  listConversations,
  getConversation,
  renameConversation,
  addParticipants,
  removeParticipant,
  markConversationRead,
  listReadStates,
  postMessage,
  listMessages,
  getMessage,
  editMessage,
  deleteMessage,
  createAttachment,
  getAttachment,
  createRealtimeTicket,
];
