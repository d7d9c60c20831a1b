import type { TestProject } from 'vitest/node';

/**
 * Starts the runtimes shared by the whole run, once, and hands their endpoints to test files via
 * `provide`/`inject`. Each runtime registers itself here.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardowns: Array<() => Promise<void>> = [];
  void project;
  return async () => {
    for (const teardown of teardowns.reverse()) await teardown();
  };
}
