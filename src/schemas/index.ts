export * from './common.js';
export * from './users.js';
export * from './conversations.js';
export * from './messages.js';
export * from './read-state.js';
export * from './attachments.js';
export * from './pagination.js';
export * from './problem.js';
