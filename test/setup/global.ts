import type { TestProject } from 'vitest/node';
import { setupDynamoLocal } from './dynamodb-local.js';
import { setupWorkerd, workerdNeeded } from './workerd.js';

/**
 * Starts the runtimes shared by the whole run, once — DynamoDB Local, then workerd (its Workers use
 * DynamoDB Local too) — and hands their endpoints to test files via `provide`/`inject`. Each starts
 * only when a selected test file needs it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardowns: Array<() => Promise<void>> = [];
  const withWorkerd = await workerdNeeded(project);
  const dynamo = await setupDynamoLocal(project, withWorkerd);
  if (dynamo.stop) teardowns.push(dynamo.stop);
  if (withWorkerd && dynamo.endpoint) teardowns.push(await setupWorkerd(project, dynamo.endpoint));
  else {
    project.provide('workerdUrls', null);
    project.provide('workerdLog', null);
  }
  return async () => {
    for (const teardown of teardowns.reverse()) await teardown();
  };
}
