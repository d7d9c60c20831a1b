import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../scripts/dynamodb-local.js';
import { needed } from './needed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint for this run, or `null` when no selected test file needs it. */
    dynamodbEndpoint: string | null;
  }
}

/**
 * Starts DynamoDB Local once per vitest run and provides its endpoint as `dynamodbEndpoint`, when a
 * selected test file needs it (`needed`: it mentions `dynamodbEndpoint`, or needs workerd, whose
 * Workers talk to it too); `PARLEY_DYNAMODB_LOCAL=1` (or `0`) forces the choice.
 */
export async function setupDynamoLocal(
  project: TestProject,
  forWorkerd: boolean,
): Promise<{ endpoint: string | null; stop?: () => Promise<void> }> {
  const wanted = forWorkerd || (await needed(project, 'dynamodbEndpoint', process.env.PARLEY_DYNAMODB_LOCAL));
  if (!wanted) {
    project.provide('dynamodbEndpoint', null);
    return { endpoint: null };
  }
  const local = await startDynamoLocal();
  project.provide('dynamodbEndpoint', local.endpoint);
  return { endpoint: local.endpoint, stop: local.stop };
}
