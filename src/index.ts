export { createApp } from './app.js';
export type { AppDeps } from './deps.js';
export { parseConfig, ConfigError, type ParleyConfig, type AuthConfig, type ConfigSource } from './config.js';
export type { AppEnv } from './http/env.js';
