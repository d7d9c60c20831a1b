import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Whether the run needs a shared runtime: a selected test file, or a test helper it imports (a few
 * levels deep), mentions `marker` (the inject key and the helper that reads it). `PARLEY_<NAME>=1`
 * (or `0`) forces the choice. Starting a JVM or workerd is not cheap, so a run of unit tests starts
 * neither.
 */
export async function needed(project: TestProject, marker: string, forced: string | undefined): Promise<boolean> {
  if (forced === '1' || forced === '0') return forced === '1';
  // The CLI's file filters (internal field; when absent every file counts, which is the safe side).
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const specs = await project.vitest.getRelevantTestSpecifications(filters);
  const seen = new Set<string>();
  for (const spec of specs) {
    if (await mentions(spec.moduleId, marker, seen, 3)) return true;
  }
  return false;
}

async function mentions(file: string, marker: string, seen: Set<string>, depth: number): Promise<boolean> {
  if (seen.has(file) || file.includes('/src/') || file.includes('/node_modules/')) return false;
  seen.add(file);
  const source = await readFile(file, 'utf8').catch(() => '');
  if (source.includes(marker)) return true;
  if (depth === 0) return false;
  for (const [, specifier] of source.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), (specifier ?? '').replace(/\.js$/, '.ts'));
    if (await mentions(target, marker, seen, depth - 1)) return true;
  }
  return false;
}
