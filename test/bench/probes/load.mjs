// Load generator in a process of its own: `node load.mjs '<json options>'` runs one autocannon run
// and prints `{ rps, non2xx, errors, timeouts }` as JSON. Apart from the process that orchestrates
// the benchmark, so the generator's event loop is only its own (the cores are still shared).
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon(options);
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
