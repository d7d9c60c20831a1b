import { afterAll, describe } from 'vitest';
import type { Repository } from '../../src/repository/port.js';
import { attachmentCases } from './repository/attachments.js';
import { concurrencyCases } from './repository/concurrency.js';
import { conversationCases } from './repository/conversations.js';
import type { ContractContext } from './repository/fixtures.js';
import { idempotencyCases } from './repository/idempotency.js';
import { messageCases } from './repository/messages.js';
import { readStateCases } from './repository/read-state.js';
import { userCases } from './repository/users.js';

export type RepositoryFactory = () => Promise<{ repository: Repository; cleanup?: () => Promise<void> }>;

/**
 * The repository contract (`src/repository/port.ts`), written once and run on every backend.
 *
 * `factory` is called once, while the suite is collected, because which cases run depends on the
 * backend's declared capabilities (a case needing a capability the backend lacks is skipped with
 * the backend's reason in its name). All cases share that one repository and use fresh ids, so the
 * suite also runs on a store shared with other files or earlier runs; `cleanup` runs after it.
 */
export function describeRepositoryContract(name: string, factory: RepositoryFactory): void {
  describe(`repository contract: ${name}`, async () => {
    const { repository, cleanup } = await factory();
    if (cleanup) afterAll(cleanup);
    const context: ContractContext = { repository, capabilities: repository.capabilities };
    userCases(context);
    conversationCases(context);
    messageCases(context);
    readStateCases(context);
    attachmentCases(context);
    idempotencyCases(context);
    concurrencyCases(context);
  });
}
