import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../scripts/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint for this run, or `null` when no selected test file needs it. */
    dynamodbEndpoint: string | null;
  }
}

/**
 * Starts DynamoDB Local once per vitest run and provides its endpoint as `dynamodbEndpoint`. A JVM
 * is not cheap, so it starts only when a selected test file, or a test helper it imports, mentions
 * `dynamodbEndpoint` (the inject key and the helper that reads it); `PARLEY_DYNAMODB_LOCAL=1` (or
 * `0`) forces the choice.
 */
export async function setupDynamoLocal(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!(await needed(project))) {
    project.provide('dynamodbEndpoint', null);
    return undefined;
  }
  const local = await startDynamoLocal();
  project.provide('dynamodbEndpoint', local.endpoint);
  return local.stop;
}

async function needed(project: TestProject): Promise<boolean> {
  const forced = process.env.PARLEY_DYNAMODB_LOCAL;
  if (forced === '1' || forced === '0') return forced === '1';
  // The CLI's file filters (internal field; when absent every file counts, which is the safe side).
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const specs = await project.vitest.getRelevantTestSpecifications(filters);
  const seen = new Set<string>();
  for (const spec of specs) {
    if (await mentions(spec.moduleId, seen, 3)) return true;
  }
  return false;
}

/** Whether `file`, or a test helper it imports relatively (a few levels deep), uses `dynamodbEndpoint`. */
async function mentions(file: string, seen: Set<string>, depth: number): Promise<boolean> {
  if (seen.has(file) || file.includes('/src/') || file.includes('/node_modules/')) return false;
  seen.add(file);
  const source = await readFile(file, 'utf8').catch(() => '');
  if (source.includes('dynamodbEndpoint')) return true;
  if (depth === 0) return false;
  for (const [, specifier] of source.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), specifier!.replace(/\.js$/, '.ts'));
    if (await mentions(target, seen, depth - 1)) return true;
  }
  return false;
}
