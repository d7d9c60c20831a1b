import type { BuildTarget } from './types.js';

/** Types for `targets.mjs`, so TypeScript tests can read the build's target list. */
export declare const targets: BuildTarget[];

/** The banner that gives bundled CommonJS code `require` in a Node ESM bundle. */
export declare const NODE_ESM_BANNER: string;
