export * from './choose.js';
export * from './failover.js';
export * from './region-locations.js';
export * from './failover-transport.js';
export * from './replicated-repository.js';
