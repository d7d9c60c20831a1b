import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiText } from '../../src/routes/openapi-document.js';

// `GET /openapi.json` serves the generated compressed text, not the JSON file: the two must be one document.
describe('openapi/openapi-text.ts', () => {
  it('inflates to the committed openapi.json, compact', async () => {
    const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
    expect(await openApiText()).toBe(JSON.stringify(JSON.parse(committed)));
  });

  it('is inflated once and kept', async () => {
    expect(openApiText()).toBe(openApiText());
  });
});
