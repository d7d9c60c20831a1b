import { expect } from 'vitest';
import type { HardeningTarget } from './targets.js';

/** Every bearer token a campaign has sent, so the log search can look for each. */
export const sentTokens = new Set<string>();

/**
 * Campaign 7, applied after every campaign: no configured secret, no token and no token signature
 * appears in any log line the target wrote. (Error bodies are searched where they are made.)
 */
export function expectNoSecrets(target: HardeningTarget | undefined, campaign: string): void {
  if (!target) return;
  const text = target.logs.join('\n');
  for (const secret of target.secrets)
    expect(text.includes(secret), `${campaign}: a configured secret is in the log`).toBe(false);
  for (const token of sentTokens) {
    const signature = token.split('.')[2];
    expect(text.includes(token), `${campaign}: a bearer token is in the log`).toBe(false);
    if (signature && signature.length > 16)
      expect(text.includes(signature), `${campaign}: a token signature is in the log`).toBe(false);
  }
}
