import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../openapi/build-document.js';
import { HttpProblem, problemReply } from '../../src/http/problem.js';
import { PROBLEM_TYPES, type ProblemSlug } from '../../src/http/problem-types.js';
import { OPERATIONS } from '../../src/routes/table.js';

const root = new URL('../../', import.meta.url);
const committedText = readFileSync(new URL('openapi/openapi.json', root), 'utf8');
const committed = JSON.parse(committedText);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };

describe('openapi/openapi.json', () => {
  it('is exactly what the route registry generates (run `npm run openapi` after changing routes)', () => {
    expect(committedText).toBe(`${JSON.stringify(buildOpenApiDocument(version), null, 2)}\n`);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(committed));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(committed.openapi).toBe('3.1.0');
  });

  it('describes every operation once, with unique operation ids', () => {
    const ids: string[] = [];
    for (const item of Object.values(committed.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const op of Object.values(item)) ids.push(op.operationId);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(OPERATIONS.map((o) => o.operationId).sort());
  });

  it('its component schemas compile as JSON Schema 2020-12, and problems match the Problem schema', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: committed.components }, 'doc');
    for (const name of Object.keys(committed.components.schemas)) {
      expect(() => ajv.compile({ $ref: `doc#/components/schemas/${name}` }), name).not.toThrow();
    }
    const validateProblem = ajv.compile({ $ref: 'doc#/components/schemas/Problem' });
    for (const slug of Object.keys(PROBLEM_TYPES) as ProblemSlug[]) {
      const body = JSON.parse(
        problemReply(new HttpProblem(slug, 'detail', { errors: [{ parameter: 'limit', detail: 'x' }] })).body ?? '',
      );
      expect(validateProblem(body), `${slug}: ${JSON.stringify(validateProblem.errors)}`).toBe(true);
    }
  });
});
