import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The house rule that keeps `src/` deployable everywhere unchanged is a lint rule (biome.json,
// the override for `src/**`); `npm test` runs `biome ci`, so every file is checked by it. This
// proves the rule itself: each kind of forbidden import fails it, and the allowed ones pass.
const root = fileURLToPath(new URL('../', import.meta.url));
const biome = join(root, 'node_modules/.bin/biome');
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-lint-'));
  await copyFile(join(root, 'biome.json'), join(dir, 'biome.json'));
  await mkdir(join(dir, 'src'));
  await mkdir(join(dir, 'adapters'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The lint rules that fire on `code` as the file `path` of the project. */
async function rulesFor(path: string, code: string): Promise<string[]> {
  await writeFile(join(dir, path), code);
  const { stdout } = await run(biome, ['lint', '--vcs-enabled=false', '--reporter=json', path], { cwd: dir }).catch(
    (error: { stdout: string }) => error,
  );
  const report = JSON.parse(stdout) as { diagnostics: Array<{ category: string }> };
  return [...new Set(report.diagnostics.map((d) => d.category))].sort();
}

describe('src/ is provider-neutral (lint rule)', () => {
  it.each([
    ['a node: module', "import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n"],
    ['a bare Node built-in', "import { Buffer } from 'buffer';\nexport const b = Buffer;\n"],
    [
      'the AWS SDK, deep path included',
      "import * as s from '@aws-sdk/client-s3/dist-cjs/index.js';\nexport const x = s;\n",
    ],
    ['a Workers runtime module', "export const f = () => import('cloudflare:workers');\n"],
    ['require()', "export const fs = require('node:fs');\n"],
    ['the Buffer global', "export const b = Buffer.from('x');\n"],
    ['the process global', 'export const env = process.env;\n'],
  ])('refuses %s under src/', async (_kind, code) => {
    expect((await rulesFor('src/probe.ts', code)).join(' ')).toMatch(
      /noNodejsModules|noRestrictedImports|noRestrictedGlobals|noCommonJs/,
    );
  });

  it('allows web APIs and pure-JS libraries under src/, and Node built-ins in adapters/', async () => {
    expect(
      await rulesFor(
        'src/ok.ts',
        "import * as v from 'valibot';\nexport const s = v.string();\nexport const u = crypto.randomUUID();\n",
      ),
    ).toEqual([]);
    expect(
      await rulesFor('adapters/ok.ts', "import { Buffer } from 'node:buffer';\nexport const b = Buffer.from('x');\n"),
    ).toEqual([]);
  });
});
