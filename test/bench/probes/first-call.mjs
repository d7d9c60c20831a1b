// Fresh-process probe for a Lambda bundle: `node first-call.mjs <bundle>` with the function's
// environment and `PROBE_EVENT` (an HTTP event as JSON). Prints the import time and the time of the
// first invocation (app start-up, transport creation, the DynamoDB call), in ms, as JSON.
import { pathToFileURL } from 'node:url';

const event = JSON.parse(process.env.PROBE_EVENT ?? '{}');
const importStarted = performance.now();
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const importMs = performance.now() - importStarted;
const callStarted = performance.now();
const result = await handler(event, { awsRequestId: 'bench' });
const firstCallMs = performance.now() - callStarted;
process.stdout.write(`\n${JSON.stringify({ importMs, firstCallMs, status: result.statusCode })}\n`);
