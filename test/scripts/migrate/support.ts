import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Repository } from '../../../src/repository/port.js';
import { mongooseChatMapping } from '../../../src/migration/mapping.js';
import { main } from '../../../scripts/migrate/main.js';
import { Progress } from '../../../scripts/migrate/progress.js';
import { type MigrateOptions, migrate } from '../../../scripts/migrate/run.js';
import { openSource } from '../../../scripts/migrate/sources/source.js';

export const quiet = new Progress({ silent: true });

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `parley-migrate-${label}-`));
}

/** One migration run from `from` into `repository` (or a dry run when `repository` is null). */
export async function run(
  from: string,
  repository: Repository | null,
  options: Partial<MigrateOptions> & { outDir: string },
) {
  return migrate({
    source: await openSource(from, 'auto'),
    mapping: mongooseChatMapping,
    target: repository ? { repository, name: `test:${repository.backend}` } : null,
    live: repository !== null,
    progress: quiet,
    ...options,
  });
}

export async function readJsonl(path: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `npm run migrate -- …` in this process, with `env` as its environment; what it printed captured. */
export async function cli(argv: string[], env: Record<string, string>) {
  const lines: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (text: string) => void lines.push(text);
  console.error = (text: string) => void lines.push(text);
  try {
    return { code: await main(argv, env), output: lines.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}
