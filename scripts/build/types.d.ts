import type { BuildOptions } from 'esbuild';

/** One deploy target of `npm run build` (see `targets.mjs`). */
export interface BuildTarget {
  /** Folder under the output directory, and the name in the size report. */
  name: string;
  /** Entry module, relative to the repository root. */
  entry: string;
  /** File name of the bundle inside `dist/<name>/`. */
  outfile: string;
  /** Target-specific esbuild options, merged over the shared ones. */
  esbuild: BuildOptions;
  /** Input paths (metafile keys) that must not end up in this bundle. */
  forbiddenInputs: RegExp[];
  /** Optional step after bundling, e.g. packing the Greengrass artifact zip. */
  package?: (context: { root: string; dir: string; outfile: string }) => Promise<void>;
}
