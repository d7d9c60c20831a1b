/**
 * One migration benchmark scenario in its own process (so its peak RSS is the migration's alone):
 * `tsx test/bench/migrate-child.ts <from> <memory|dynamodb|dry> <outDir>`, DynamoDB settings from the
 * environment. Prints one JSON line: documents, seconds, peak RSS.
 */
import { mongooseChatMapping } from '../../src/migration/mapping.js';
import { Progress } from '../../scripts/migrate/progress.js';
import { migrate } from '../../scripts/migrate/run.js';
import { openSource } from '../../scripts/migrate/sources/source.js';
import { openTarget } from '../../scripts/migrate/targets.js';

const [from = '', mode = 'dry', outDir = ''] = process.argv.slice(2);
const started = performance.now();
const target = mode === 'dry' ? null : await openTarget(mode, process.env);
const report = await migrate({
  source: await openSource(from, 'auto'),
  mapping: mongooseChatMapping,
  target,
  live: mode !== 'dry',
  outDir,
  batchSize: 100,
  concurrency: 32,
  progress: new Progress({ silent: true }),
});
const seconds = (performance.now() - started) / 1000;
const c = report.collections;
console.log(
  JSON.stringify({
    seconds,
    documents: c.users.read + c.conversations.read + c.messages.read,
    messages: c.messages.read,
    written: c.users.written + c.conversations.written + c.messages.written,
    rejected: c.users.rejected + c.conversations.rejected + c.messages.rejected,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
