import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_TEXT } from '../../openapi/openapi-text.js';

// `GET /openapi.json` serves the generated string, not the JSON file: the two must be one document.
describe('openapi/openapi-text.ts', () => {
  it('is the committed openapi.json, compact', () => {
    const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
    expect(OPENAPI_TEXT).toBe(JSON.stringify(JSON.parse(committed)));
  });
});
