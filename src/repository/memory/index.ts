export { createMemoryRepository, type MemoryRepositoryOptions } from './repository.js';
