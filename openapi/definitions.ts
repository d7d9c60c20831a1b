import {
  AddParticipantsSchema,
  AttachmentSchema,
  ConversationPageSchema,
  ConversationSchema,
  CreateConversationSchema,
  EditMessageSchema,
  HealthSchema,
  MessagePageSchema,
  MessageSchema,
  PatchProfileSchema,
  PostMessageSchema,
  ProblemFieldSchema,
  ProblemSchema,
  PutProfileSchema,
  RenameConversationSchema,
  TimestampSchema,
  UlidSchema,
  UserIdSchema,
  UserSchema,
  VersionSchema,
} from '../src/schemas/index.js';

/**
 * The schemas that get a name under `components.schemas`; every other use of them becomes a
 * `$ref`. Anything not listed is inlined where it is used.
 */
export const NAMED_SCHEMAS = {
  Ulid: UlidSchema(),
  UserId: UserIdSchema(),
  Timestamp: TimestampSchema(),
  Version: VersionSchema(),
  User: UserSchema(),
  PutProfile: PutProfileSchema(),
  PatchProfile: PatchProfileSchema(),
  Conversation: ConversationSchema(),
  ConversationPage: ConversationPageSchema(),
  CreateConversation: CreateConversationSchema(),
  RenameConversation: RenameConversationSchema(),
  AddParticipants: AddParticipantsSchema(),
  Attachment: AttachmentSchema(),
  Message: MessageSchema(),
  MessagePage: MessagePageSchema(),
  PostMessage: PostMessageSchema(),
  EditMessage: EditMessageSchema(),
  Problem: ProblemSchema(),
  ProblemField: ProblemFieldSchema(),
  Health: HealthSchema(),
};
