import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { describeRepositoryContract } from '../contract/repository.js';

describeRepositoryContract('memory', async () => ({ repository: createMemoryRepository() }));
