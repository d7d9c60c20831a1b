import type { ReadState } from './model.js';

/** A participant's read state as the others see it: where the horizon is, not what is left unread. */
export type ParticipantRead = Omit<ReadState, 'unreadCount'>;

/** The unread count is the reader's alone (their replies carry it); everyone else gets the horizon. */
export const participantRead = ({ unreadCount: _private, ...read }: ReadState): ParticipantRead => read;
