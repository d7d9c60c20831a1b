import type { OperationSpec } from '../operation.js';
import * as c from './conversations.js';
import * as m from './messages.js';
import { getDocs, getHealth, getOpenApi } from './meta.js';
import * as u from './users.js';

/** Every operation of the API, in document order. */
export const OPERATIONS: readonly OperationSpec[] = [
  getHealth,
  getOpenApi,
  getDocs,
  u.putMe,
  u.getMe,
  u.patchMe,
  u.deleteMe,
  u.getUser,
  u.findUserByHandle,
  c.createConversation,
  c.listConversations,
  c.getConversation,
  c.renameConversation,
  c.addParticipants,
  c.removeParticipant,
  m.postMessage,
  m.listMessages,
  m.getMessage,
  m.editMessage,
  m.deleteMessage,
];
