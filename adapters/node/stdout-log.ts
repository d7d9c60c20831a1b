import type { LogSink } from '../../src/http/errors.js';

/**
 * JSON lines on stdout, written in batches: the lines of one turn of the event loop go out in one
 * write when it ends (`setImmediate`), instead of one synchronous write, and console.log's formatting,
 * per request — under load that was a fifth of the server's CPU time.
 * Whatever is still pending when the process exits (a clean stop, `process.exit`, an uncaught
 * exception) is written then (stdout writes to files and pipes are synchronous on Linux); only a
 * SIGKILL can lose the last turn's lines.
 */
export function createStdoutLog(write: (text: string) => void = (text) => void process.stdout.write(text)): LogSink {
  const line = createStdoutLines(write);
  return (entry) => line(JSON.stringify(entry));
}

/** The same batching for lines already serialized (the EMF lines of `createEmfTelemetry`); one buffer keeps their order. */
export function createStdoutLines(
  write: (text: string) => void = (text) => void process.stdout.write(text),
): (line: string) => void {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  process.once('exit', flush);
  return (line) => {
    pending += `${line}\n`;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
