import { describe, expect, it } from 'vitest';
import { createStdoutLog } from '../../../adapters/node/stdout-log.js';

describe('createStdoutLog', () => {
  it('writes the lines of one event-loop turn together, in order, one JSON object per line', async () => {
    const writes: string[] = [];
    const log = createStdoutLog((text) => writes.push(text));
    log({ msg: 'a', n: 1 });
    log({ msg: 'b', path: '/x"y\n' });
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
    expect(
      writes[0]!
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { msg: 'a', n: 1 },
      { msg: 'b', path: '/x"y\n' },
    ]);
    log({ msg: 'c' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([writes[0], '{"msg":"c"}\n']);
  });
});
