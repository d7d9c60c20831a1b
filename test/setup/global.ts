import type { TestProject } from 'vitest/node';
import { setupDynamoLocal } from './dynamodb-local.js';

/**
 * Starts the runtimes shared by the whole run, once, and hands their endpoints to test files via
 * `provide`/`inject`. Each runtime registers itself here.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardowns: Array<() => Promise<void>> = [];
  const stopDynamoLocal = await setupDynamoLocal(project);
  if (stopDynamoLocal) teardowns.push(stopDynamoLocal);
  return async () => {
    for (const teardown of teardowns.reverse()) await teardown();
  };
}
