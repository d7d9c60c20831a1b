#!/usr/bin/env node
// `npm run dev`: serve Parley in workerd via `wrangler dev`, with local persisted Durable Objects, and print
// how to call it. The work is in TypeScript (scripts/dev/), loaded through tsx so it can reuse
// `src/auth/dev-token.ts` instead of a second copy of the token code.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./dev/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
