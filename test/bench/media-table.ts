/** The title of the table `npm run bench:media` writes into docs/benchmarks.json (kept by `npm run bench`). */
export const MEDIA_TABLE = 'Media processor (npm run bench:media)';
