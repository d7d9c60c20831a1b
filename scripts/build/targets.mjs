// The deploy targets `npm run build` bundles: one entry each, under `dist/<name>/`. A later target is
// one more entry in this list. `forbiddenInputs` are checked against the esbuild metafile, so a
// bundle that must stay SDK-free fails the build the moment an import drags the SDK in.

import { join } from 'node:path';
import { packageGreengrass } from './greengrass-package.mjs';
import { edgeDefine } from './lambda-edge-config.mjs';

/**
 * Node's CommonJS-only code (the AWS SDK pulls some in) needs `require` inside an ESM bundle; esbuild
 * turns its `require('node:…')` into plain calls of it. The real `require` is made on the first call,
 * not at import (that cost every cold start ~0.7 ms), and `scripts/build.mjs` blanks this line in
 * every output file that never says `require`.
 */
export const NODE_ESM_BANNER =
  "import { createRequire as __parleyCreateRequire } from 'node:module'; let __parleyRequire; const require = (id) => (__parleyRequire ??= __parleyCreateRequire(import.meta.url))(id);";

const AWS_SDK = [/(^|\/)node_modules\/@aws-sdk\//, /(^|\/)node_modules\/@smithy\//];

/** The Node server (plain Node and Greengrass): aws4fetch for DynamoDB, so no SDK either. */
const NODE_SERVER = {
  entry: 'adapters/node/main.ts',
  outfile: 'server.js',
  // sharp (the directory media store's processor) is native and loaded on the first upload only.
  esbuild: { platform: 'node', target: 'node20', banner: { js: NODE_ESM_BANNER }, external: ['sharp'] },
  forbiddenInputs: AWS_SDK,
};

/** @type {Array<import('./types.js').BuildTarget>} */
export const targets = [
  {
    name: 'cloudflare',
    entry: 'adapters/cloudflare/worker.ts',
    outfile: 'worker.js',
    esbuild: {
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      external: ['cloudflare:*'],
      target: 'es2022',
    },
    forbiddenInputs: AWS_SDK,
  },
  {
    name: 'lambda',
    entry: 'adapters/lambda/handler.ts',
    outfile: 'handler.mjs',
    // Split: the AWS SDK goes to a chunk the SDK transport `import()`s on the first DynamoDB call, so
    // importing handler.mjs (every cold start) does not parse it. SAM's CodeUri is the whole folder.
    esbuild: { platform: 'node', target: 'node22', banner: { js: NODE_ESM_BANNER }, splitting: true },
    forbiddenInputs: [],
  },
  {
    name: 'lambda-aws4fetch',
    entry: 'adapters/lambda/handler-aws4fetch.ts',
    outfile: 'handler.mjs',
    esbuild: { platform: 'node', target: 'node22', banner: { js: NODE_ESM_BANNER } },
    forbiddenInputs: AWS_SDK,
  },
  {
    // The media processor: its own function and bundle (template.yaml MediaProcessorFunction). sharp
    // is a native module, so it stays external and is installed for linux-arm64 beside the bundle.
    name: 'lambda-media',
    entry: 'adapters/lambda/media-processor.ts',
    outfile: 'media-processor.mjs',
    esbuild: { platform: 'node', target: 'node22', banner: { js: NODE_ESM_BANNER }, external: ['sharp'] },
    forbiddenInputs: AWS_SDK,
  },
  {
    // The real-time functions (template.yaml RealtimeSocketFunction, RealtimeFanOutFunction): their
    // own bundles, SDK-free (aws4fetch signs DynamoDB and @connections), so the API bundle pays nothing.
    name: 'lambda-realtime-socket',
    entry: 'adapters/lambda/realtime-socket.ts',
    outfile: 'realtime-socket.mjs',
    esbuild: { platform: 'node', target: 'node22', banner: { js: NODE_ESM_BANNER } },
    forbiddenInputs: AWS_SDK,
  },
  {
    name: 'lambda-realtime-fanout',
    entry: 'adapters/lambda/realtime-fanout.ts',
    outfile: 'realtime-fanout.mjs',
    esbuild: { platform: 'node', target: 'node22', banner: { js: NODE_ESM_BANNER } },
    forbiddenInputs: AWS_SDK,
  },
  {
    name: 'lambda-edge',
    entry: 'adapters/lambda-edge/handler.ts',
    outfile: 'handler.mjs',
    // A getter: the config is read from the build's EDGE_* variables only when this target is built.
    get esbuild() {
      return {
        platform: 'node',
        target: 'node22',
        banner: { js: NODE_ESM_BANNER },
        define: edgeDefine(process.env),
      };
    },
    forbiddenInputs: AWS_SDK,
  },
  { name: 'node', ...NODE_SERVER },
  {
    name: 'greengrass',
    ...NODE_SERVER,
    // Zip the bundle into the component artifact and resolve the recipe next to it.
    package: ({ root, dir, outfile }) =>
      packageGreengrass({
        root,
        dir,
        files: [outfile, `${outfile}.map`, `${outfile}.LEGAL.txt`, join(dir, 'package.json')],
      }),
  },
];
