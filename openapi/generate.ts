import { readFileSync, writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from './build-document.js';

/**
 * `npm run openapi` writes `openapi/openapi.json` from the route registry; `npm run openapi --
 * --check` exits 1 instead when the committed file differs (CI's drift check).
 */
const root = new URL('../', import.meta.url);
const target = new URL('openapi/openapi.json', root);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
const text = `${JSON.stringify(buildOpenApiDocument(version), null, 2)}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as drift
  }
  if (committed !== text) {
    console.error('openapi/openapi.json is out of date: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('openapi/openapi.json is up to date.');
} else {
  writeFileSync(target, text);
  console.log(`wrote openapi/openapi.json (${OPERATION_COUNT()} operations)`);
}

function OPERATION_COUNT(): number {
  const doc = JSON.parse(text) as { paths: Record<string, object> };
  return Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
}
