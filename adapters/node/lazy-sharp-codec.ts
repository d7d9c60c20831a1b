import type { ImageCodec } from '../../src/media/codec.js';
import { createSharpCodec } from './sharp-codec.js';

/**
 * sharp loaded on the first image, not at start: `import('sharp')` costs ~150 ms, which the server's
 * start (and its budget) should not pay when no one uploads. sharp stays external in the Node bundle.
 */
export function createLazySharpCodec(): ImageCodec {
  let codec: Promise<ImageCodec> | undefined;
  return {
    async process(input, request) {
      codec ??= import('sharp').then((module) => createSharpCodec(module.default));
      return (await codec).process(input, request);
    },
  };
}
