import type { BenchRow } from './report.js';

/**
 * Why a budget is not met, from CPU profiles (`node --cpu-prof`, this machine, Node 20, 2026-12-02):
 * the figures quoted here are shares of the profiled process's CPU time; the "by how much" comes
 * from the run's own rows. Each entry matches the unmet rows it explains.
 */
const WHY: Array<{ matches: (row: BenchRow) => boolean; why: string }> = [
  {
    matches: (row) => row.measure === 'module init',
    why:
      "Profile of `import()` of the lambda-aws4fetch bundle: 23 % of the process's CPU is V8 compiling the module " +
      "source (`compileSourceTextModule`), and Parley's own top-level code is under 1 ms (building the operation " +
      'table, `defineOperation`, about 0.4 ms; the same after media and real time were merged). The difference to ' +
      'bare Hono is compiling the rest of the bundle (see the bundle sizes: lambda-aws4fetch is 155 KiB larger than bare ' +
      'Hono since media and real time, 135 KiB before). At the first profile: repository backends 38 KiB (of which kv, ' +
      'durable-object and memory, 17 KiB, are ' +
      'never used on Lambda), jose 19 KiB, routes 18 KiB, Hono 15 KiB, HTTP layer 12 KiB, valibot 11 KiB, the OpenAPI ' +
      'text 7.5 KiB (the Worker now serves it as a static asset instead). What would close the rest: per-target backend ' +
      'factories in `src/storage.ts` (only the backends a target can use in its bundle, 17 KiB less on Lambda); ' +
      'source maps on Lambda cost far more (the `--enable-source-maps` row), which is why the template leaves them off.',
  },
  {
    matches: (row) => row.measure === 'process start → first 200',
    why:
      "Profile of the server's start to its first answer: besides compiling the 157 KiB bundle, about 10 % of the CPU " +
      'is Node loading its own undici (the Fetch `Request`/`Response` classes are lazy in Node and @hono/node-server ' +
      'touches them), which bare `node:http` never loads; the bare @hono/node-server row shows what any Fetch-based ' +
      'server on Node pays for that before any Parley code.',
  },
  {
    matches: (row) => row.measure === 'in-process dispatch' || row.measure === 'workerd throughput',
    why:
      'Profile of `app.fetch(GET /health)` against a handler that only returns `Response.json`: building the ' +
      "`Response` from the reply's header record through undici's WebIDL conversion is 17 % (inclusive) against the " +
      "bare handler's 10.5 % for all of its work; the rest is Hono's routing and Context (4 %), the request context " +
      '(scope, request id, trace id: 3 %) and the access-log record (2 %), with garbage collection (18 %) shared. A ' +
      'floor that does no routing, no request id and no logging cannot be matched within 15 % by a handler that does; ' +
      'the peer rows compare like with like.',
  },
  {
    matches: (row) =>
      row.group === 'peers' && row.subject.includes('distinct tokens') && !row.measure.includes('DynamoDB Local'),
    why:
      'With a token never seen before, every variant verifies an HS256 signature per request over Web Crypto, so ' +
      "Parley's verified-token cache (what makes the one-token rows 2–3× the peers) cannot help. In a profile of POST " +
      "with 1,024 distinct tokens jose's `verifySignature` is 25 % of the CPU, and the HMAC runs on the libuv pool, so " +
      'each request also waits for a hop there. The key is now imported once (it was re-imported on every ' +
      'verification): jose then verifies about 4,700 tokens/s here against 2,500–3,800 for hono/jwt, which imports its ' +
      "key per call. What is left is Parley's per-request work beyond the peers' (request id and trace, access-log " +
      'line, signed cursors, the response built from a header record: see the dispatch row), which the cache no ' +
      'longer hides. `src/` stays on Web Crypto (no `node:crypto`), so every target verifies the same way.',
  },
  {
    matches: (row) => row.group === 'peers' && row.measure.includes('DynamoDB Local'),
    why:
      'On DynamoDB Local each request is two or three round trips to a Java process on the same two cores: the store ' +
      "dominates and the ratios sit near 1 with a wide spread; per-round ratios below 1 are the framework's CPU taken " +
      'from DynamoDB Local, not extra calls (every variant makes the same calls).',
  },
  {
    matches: (row) => row.measure === 'Lambda per request',
    why:
      "Parley's handler does the in-process dispatch work above plus its EMF line per request (the record and the " +
      'synchronous stdout write: 14 % of a profile, of which the write is 10 %); the peer row with an access line writes ' +
      "a line too but carries no metrics. Fixed here: `/health` no longer builds the request's counted store view (it " +
      'was 14 % of the handler), and the result takes the response text the app made instead of reading the stream back (11 %).',
  },
  {
    matches: (row) => row.measure === 'Node HTTP throughput',
    why:
      "Parley's server and the bare @hono/node-server peer share the Node side (the same adapter library); the " +
      "difference is Parley's per-request work (dispatch above) and one access line per request to stdout, which the " +
      'peers do not write. Against Fastify on the authenticated list: Fastify writes the response with its compiled ' +
      'serializer straight to the socket, and @fastify/jwt verifies with synchronous `node:crypto` HMAC; Parley goes ' +
      'through Fetch `Request`/`Response` objects (the price of one code base on every runtime).',
  },
];

/** Whatever no profile above explains: said as such, with its spread (a ratio whose IQR straddles its budget is undecided). */
const UNEXPLAINED =
  'No profile explains these yet. Where the interquartile range straddles the budget the rounds left the verdict ' +
  'open (noise from the shared cores, not a measured gap); otherwise it is a gap to profile next.';

/** One paragraph per unmet budget family (each row in the first family that matches it): which rows, by how much, and why. */
export function explanations(rows: BenchRow[]): string[] {
  const out: string[] = [];
  let unmet = rows.filter((row) => row.met === false);
  for (const { matches, why } of [...WHY, { matches: () => true, why: UNEXPLAINED }]) {
    const these = unmet.filter(matches);
    if (these.length === 0) continue;
    unmet = unmet.filter((row) => !these.includes(row));
    const which = these.map((row) => `${row.measure}, ${row.subject}: ${row.figure} (budget ${row.budget})`).join('; ');
    out.push(`${which}. ${why}`);
  }
  return out;
}
