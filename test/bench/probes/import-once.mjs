// Fresh-process probe: `node import-once.mjs <bundle>` prints how long `import()` of the bundle took
// (read, parse, evaluate) as JSON: wall-clock ms, and CPU ms of the whole process (every thread) over
// the same span, which waiting for a busy core does not inflate. Plain JS: no loader in between.
import { pathToFileURL } from 'node:url';

const url = pathToFileURL(process.argv[2]).href;
const cpu = process.cpuUsage();
const started = performance.now();
await import(url);
const ms = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ms, cpuMs: (user + system) / 1000 }));
