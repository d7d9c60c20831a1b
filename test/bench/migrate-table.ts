/** The title of the table `npm run bench:migrate` writes into docs/benchmarks.json (kept by `npm run bench`). */
export const MIGRATION_TABLE = 'Migration (npm run migrate)';
