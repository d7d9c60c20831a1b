import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The generated document passes Redocly's linter (the pinned @redocly/cli, rules in redocly.yaml). */
describe('openapi/openapi.json under @redocly/cli lint', () => {
  it('is valid with no errors or warnings', async () => {
    const require = createRequire(import.meta.url);
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [cli, 'lint', 'openapi/openapi.json', '--format', 'summary'],
      { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    const output = `${stdout}${stderr}`;
    expect(output).not.toMatch(/\d+ errors?|\d+ warnings?/i);
    expect(output).toMatch(/valid/i);
  }, 120_000);
});
