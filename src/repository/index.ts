export * from './errors.js';
export type * from './port.js';
