/**
 * One line straight to stdout, past `console`: with the function's JSON log format Lambda wraps
 * `console.log` output in its own envelope, which CloudWatch would not read as EMF. Synchronous on
 * Lambda (stdout is a pipe), so the line is out before the invocation ends and the sandbox freezes.
 */
export function writeStdoutLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
