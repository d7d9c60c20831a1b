import { readFileSync } from 'node:fs';
import Ajv from 'ajv';

/**
 * A CloudWatch Embedded Metric Format checker for tests: the specification's JSON schema (kept
 * verbatim in test/fixtures/schemas/emf.schema.json, from awsdocs/amazon-cloudwatch-user-guide,
 * "Specification: Embedded metric format") plus the MUST rules the schema cannot say: every
 * dimension a directive names is a root member holding a string of ≤ 1024 characters, every metric
 * a root member holding a number (or an array of ≤ 100 numbers), ≤ 100 metrics per directive,
 * metric members not nested, the whole event ≤ 256 KB.
 */
const schema = JSON.parse(readFileSync(new URL('../fixtures/schemas/emf.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: Array<{ Name: string; Unit?: string }>;
}

/** The problems of one log line as an EMF document; `[]` when CloudWatch would extract its metrics. */
export function emfProblems(line: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(line) > 256 * 1024) problems.push('event larger than 256 KB');
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return ['not one JSON object'];
  }
  if (!validate(doc)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  const directives = ((doc._aws as { CloudWatchMetrics?: Directive[] } | undefined)?.CloudWatchMetrics ??
    []) as Directive[];
  if (directives.length === 0) problems.push('no metric directive');
  for (const directive of directives) {
    if (directive.Metrics.length > 100) problems.push(`${directive.Metrics.length} metrics in one directive`);
    for (const set of directive.Dimensions) {
      for (const key of set) {
        const value = doc[key];
        if (typeof value !== 'string') problems.push(`dimension ${key} is not a string member`);
        else if (value.length > 1024) problems.push(`dimension ${key} longer than 1024 characters`);
      }
    }
    for (const { Name } of directive.Metrics) {
      const value = doc[Name];
      const numeric =
        typeof value === 'number' ||
        (Array.isArray(value) && value.length <= 100 && value.every((n) => typeof n === 'number'));
      if (!numeric) problems.push(`metric ${Name} is not a number member`);
    }
  }
  return problems;
}

/** The EMF documents among `text`'s lines (lines that are JSON objects with an `_aws` member). */
export function emfLines(text: string): Array<Record<string, any>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, any>);
}
