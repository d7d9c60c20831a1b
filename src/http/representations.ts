import { ConversationSchema } from '../schemas/conversations.js';
import { MessageSchema } from '../schemas/messages.js';
import { representer } from '../schemas/represent.js';
import { UserSchema } from '../schemas/users.js';

/** What clients see of each record: the fields its schema documents, nothing else (`representer`). */
export const userView = representer(UserSchema);
export const conversationView = representer(ConversationSchema);
export const messageView = representer(MessageSchema);
