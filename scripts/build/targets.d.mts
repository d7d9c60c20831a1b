import type { BuildTarget } from './types.js';

/** Types for `targets.mjs`, so TypeScript tests can read the build's target list. */
export declare const targets: BuildTarget[];
