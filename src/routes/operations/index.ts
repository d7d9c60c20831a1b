export * from './all.js';
export * from './conversations.js';
export * from './messages.js';
export * from './meta.js';
export * from './users.js';
