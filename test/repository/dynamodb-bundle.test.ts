import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The aws4fetch path must stay SDK-free, so a Worker (or Lambda@Edge) bundle does not carry the AWS SDK.
describe('dynamodb backend bundle (aws4fetch transport)', () => {
  it('contains no @aws-sdk/* or @smithy/* code and no node: imports', async () => {
    const result = await build({
      entryPoints: ['src/repository/dynamodb/index.ts'],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/aws4fetch/dist/aws4fetch.esm.mjs');
    expect(inputs.filter((path) => /@aws-sdk|@smithy|^node:/.test(path))).toEqual([]);
    const output = result.outputFiles[0]!.text;
    expect(output).not.toMatch(/from\s+["'](node:|@aws-sdk|@smithy)/);
  });
});
