import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run docs:ui`: copy the Scalar API reference's standalone browser bundle (the pinned
 * `@scalar/api-reference` devDependency, ~3.5 MB) to `public/docs/scalar.standalone.js`, where
 * `public/docs/index.html` loads it. `public/` is the Worker's static assets (`[assets]` in
 * wrangler.toml): served by Cloudflare, not part of the script or its size budget. The copy is
 * gitignored; `npm run dev`, `npm run deploy:check` and the workerd tests make it when missing.
 */
export const DOCS_UI_FILE = join('public', 'docs', 'scalar.standalone.js');

export function ensureDocsUi(root: string, force = false): string {
  const target = join(root, DOCS_UI_FILE);
  if (force || !existsSync(target)) {
    // The package exports no subpath for the file: find the package folder from its main entry.
    const require = createRequire(join(root, 'package.json'));
    const main = require.resolve('@scalar/api-reference');
    const source = join(main.slice(0, main.lastIndexOf('/dist/')), 'dist', 'browser', 'standalone.js');
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote ${ensureDocsUi(join(dirname(fileURLToPath(import.meta.url)), '..'), true)}`);
}
