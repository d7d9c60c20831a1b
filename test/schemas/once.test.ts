import { describe, expect, it, vi } from 'vitest';

// Issue 7 (cold start): loading the route registry builds no schema; a route's schemas are built
// when it is first used, once. Every valibot schema or action factory call is counted.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('valibot', async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  const counted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(actual)) {
    counted[name] =
      typeof value === 'function' && /^[a-z]/.test(name) && !/^(safe)?[pP]arse|^is|^get|^flatten/.test(name)
        ? (...args: unknown[]) => {
            calls.count++;
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return counted;
});

describe('route schemas', () => {
  it('are not built when the operations are loaded, and are built once on first use', async () => {
    const { OPERATIONS } = await import('../../src/routes/table.js');
    const { postMessage, listMessages } = await import('../../src/routes/messages.js');
    expect(OPERATIONS.length).toBeGreaterThan(0);
    expect(calls.count).toBe(0);

    const body = postMessage.body();
    const built = calls.count;
    expect(built).toBeGreaterThan(0);
    expect(postMessage.body()).toBe(body);
    expect(postMessage.params()).toBe(listMessages.params());
    const afterParams = calls.count;
    expect(postMessage.body()).toBe(body);
    expect(calls.count).toBe(afterParams);
  });
});
