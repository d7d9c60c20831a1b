import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The house rule that keeps `src/` deployable everywhere unchanged, checked like a lint rule:
// no provider SDK, no Workers runtime module, no Node built-in anywhere under `src/`.
const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));
const FORBIDDEN = [/^@aws-sdk\//, /^@smithy\//, /^cloudflare:/, /^node:/, /^@cloudflare\//];
const NODE_BUILTINS = new Set(builtinModules);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return Promise.resolve(/\.(ts|js|mjs)$/.test(entry.name) ? [path] : []);
    }),
  );
  return nested.flat();
}

function importedSpecifiers(code: string): string[] {
  const pattern =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  return [...code.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

describe('src/ is provider-neutral', () => {
  it('imports no @aws-sdk/*, @smithy/*, cloudflare:*, node:* or Node built-in module', async () => {
    const files = await sourceFiles(srcDir);
    expect(files.length).toBeGreaterThan(10);
    const offences: string[] = [];
    for (const file of files) {
      for (const specifier of importedSpecifiers(await readFile(file, 'utf8'))) {
        if (FORBIDDEN.some((rule) => rule.test(specifier)) || NODE_BUILTINS.has(specifier)) {
          offences.push(`${relative(srcDir, file)} imports ${specifier}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('the checker recognises each kind of forbidden import', () => {
    const code = `import { X } from '@aws-sdk/client-dynamodb';\nexport * from "node:fs";\nconst m = await import('cloudflare:sockets');\nimport 'crypto';`;
    expect(importedSpecifiers(code)).toEqual(['@aws-sdk/client-dynamodb', 'node:fs', 'cloudflare:sockets', 'crypto']);
  });
});
