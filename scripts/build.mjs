#!/usr/bin/env node
// `npm run build [-- <target>...] [--outdir <dir>]`: one minified ESM bundle per deploy target under
// dist/<target>/ (bundle, its lazily loaded chunks if split, source map, esbuild metafile), then a size
// report — raw and gzip bytes of every file a target ships — printed and written to
// <outdir>/size-report.json. Targets are data: scripts/build/targets.mjs.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { NODE_ESM_BANNER, targets } from './build/targets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { outdir: { type: 'string', default: 'dist' } },
});
const outdir = resolve(root, values.outdir);
const unknown = positionals.filter((name) => !targets.some((target) => target.name === name));
if (unknown.length > 0) {
  console.error(`unknown target(s): ${unknown.join(', ')}; known: ${targets.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
const selected = positionals.length > 0 ? targets.filter((t) => positionals.includes(t.name)) : targets;

const report = [];
for (const target of selected) report.push(await buildTarget(target));
printReport(report);
await writeFile(join(outdir, 'size-report.json'), `${JSON.stringify(report, null, 2)}\n`);

async function buildTarget(target) {
  const dir = join(outdir, target.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const outfile = join(dir, target.outfile);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [target.entry],
    ...outputOptions(target, dir),
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    ...target.esbuild,
  });
  await writeFile(join(dir, 'meta.json'), JSON.stringify(result.metafile));
  // Every JavaScript file the target ships (the entry, and its chunks when the build is split).
  const outputs = Object.keys(result.metafile.outputs).filter((file) => /\.m?js$/.test(file));
  await Promise.all(outputs.map((file) => dropUnusedRequireBanner(join(root, file))));
  // A `.js` bundle run by Node outside this repository (Greengrass, the benchmarks) is ESM only if a
  // package.json says so: without it Node < 20.19 fails on `import`, and newer Node parses it twice to
  // find out. Not for the Lambda folders: SAM runs `npm install` in a CodeUri that has a package.json.
  if (outfile.endsWith('.js')) await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  await target.package?.({ root, dir, outfile });
  const offending = Object.keys(result.metafile.inputs).filter((input) =>
    target.forbiddenInputs.some((pattern) => pattern.test(input)),
  );
  if (offending.length > 0) {
    throw new Error(`${target.name}: forbidden inputs in the bundle:\n  ${offending.slice(0, 20).join('\n  ')}`);
  }
  const codes = await Promise.all(outputs.map((file) => readFile(join(root, file))));
  return {
    target: target.name,
    file: relative(root, outfile),
    bytes: codes.reduce((sum, code) => sum + code.byteLength, 0),
    gzipBytes: codes.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).byteLength, 0),
    inputs: Object.keys(result.metafile.inputs).length,
    ...(outputs.length > 1 ? { files: outputs.length } : {}),
  };
}

/**
 * Blank the `require` banner of a file that never says `require` (in a split build, the entry whose
 * CommonJS code all sits in lazily loaded chunks): it would cost each cold start about a millisecond
 * for nothing. Only the text goes, not the line, so the source map stays true.
 */
async function dropUnusedRequireBanner(file) {
  const code = await readFile(file, 'utf8');
  if (!code.startsWith(`${NODE_ESM_BANNER}\n`)) return;
  const rest = code.slice(NODE_ESM_BANNER.length);
  // The banner's `require` is a plain function made lazily: it has no `resolve`, `cache` or `main`.
  const property = /require\.(resolve|cache|main|extensions)\b/.exec(rest);
  if (property) throw new Error(`${file}: uses require.${property[1]}, which the lazy require banner does not provide`);
  if (!/\brequire\b/.test(rest)) await writeFile(file, rest);
}

/**
 * One file, or with `splitting` the entry under its `outfile` name plus chunks under `chunks/`, which
 * the entry loads with `import()` only when it needs them (the Lambda build's AWS SDK).
 */
function outputOptions(target, dir) {
  const outfile = join(dir, target.outfile);
  if (!target.esbuild.splitting) return { outfile };
  const extension = extname(target.outfile);
  return {
    outdir: dir,
    entryNames: basename(target.outfile, extension),
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': extension },
  };
}

function printReport(rows) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const width = Math.max(...rows.map((row) => row.target.length), 6);
  console.log(`${'target'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}  file`);
  for (const row of rows) {
    console.log(
      `${row.target.padEnd(width)}  ${kib(row.bytes).padStart(10)}  ${kib(row.gzipBytes).padStart(10)}  ${row.file}`,
    );
  }
}
