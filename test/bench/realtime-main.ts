/** `npm run bench:realtime`: only the real-time table, merged into docs/benchmarks.json and .md. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REALTIME_TABLE, realtimeTable } from './realtime.js';
import { type BenchResults, toMarkdown } from './report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const table = await realtimeTable();
const jsonPath = join(root, 'docs/benchmarks.json');
const results = JSON.parse(await readFile(jsonPath, 'utf8')) as BenchResults;
results.tables = [...results.tables.filter((t) => t.title !== REALTIME_TABLE), table];
await writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(root, 'docs/benchmarks.md'), toMarkdown(results));
for (const row of table.rows) console.log(row.join('  |  '));
