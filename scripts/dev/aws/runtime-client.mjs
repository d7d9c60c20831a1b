// A Lambda execution environment's bootstrap for `npm run dev -- --target aws`: what the Node.js
// managed runtime does inside the sandbox, over the same Lambda Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), served by the dev process
// (`./lambda-runtime.ts`). It imports the built bundle once (the init phase), then loops: GET the
// next invocation, call the handler with the event and a context object
// (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html), POST its result or its error.
// Plain JavaScript, run by `node` directly: nothing but the bundle is loaded into the sandbox.
import { request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const api = process.env.AWS_LAMBDA_RUNTIME_API;
const base = '/2018-06-01/runtime';

/** One Runtime API call; no timeout, since `next` is a long poll that waits for an invocation. */
function call(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const [host, port] = api.split(':');
    const req = request({ host, port: Number(port), method, path: `${base}${path}`, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function errorBody(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  return JSON.stringify({
    errorType: e.name || 'Error',
    errorMessage: e.message,
    stackTrace: (e.stack ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim()),
  });
}

// The `Handler` setting is `<file>.<export>`; the bundle is ESM (`<file>.mjs`), as on Lambda.
const setting = process.env._HANDLER ?? 'handler.handler';
const dot = setting.lastIndexOf('.');
const file = join(process.env.LAMBDA_TASK_ROOT ?? '.', `${setting.slice(0, dot)}.mjs`);
let handler;
try {
  const module = await import(pathToFileURL(file).href);
  handler = module[setting.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`${setting} is not a function in ${file}`);
} catch (error) {
  await call('POST', '/init/error', errorBody(error), {
    'content-type': 'application/json',
    'lambda-runtime-function-error-type': 'Runtime.ImportModuleError',
  });
  process.exit(1);
}

// The sandbox lives until the host ends it: a handler whose promise never settles (and holds no
// I/O) must time out, as on Lambda, not end the process with Node's "unsettled top-level await".
setInterval(() => {}, 1 << 30);

const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
for (;;) {
  const next = await call('GET', '/invocation/next');
  const id = String(next.headers['lambda-runtime-aws-request-id']);
  const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
  const trace = next.headers['lambda-runtime-trace-id'];
  // The runtime hands the invocation's trace header to the function this way.
  if (trace) process.env._X_AMZN_TRACE_ID = String(trace);
  else delete process.env._X_AMZN_TRACE_ID;
  const context = {
    awsRequestId: id,
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: String(next.headers['lambda-runtime-invoked-function-arn'] ?? ''),
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${functionName}`,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const event = JSON.parse(next.body.toString('utf8'));
    const result = await handler(event, context);
    await call('POST', `/invocation/${id}/response`, JSON.stringify(result === undefined ? null : result), {
      'content-type': 'application/json',
    });
  } catch (error) {
    await call('POST', `/invocation/${id}/error`, errorBody(error), {
      'content-type': 'application/json',
      'lambda-runtime-function-error-type': 'Unhandled',
    });
  }
}
