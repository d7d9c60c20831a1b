// `npm run template:table [-- --check]`: rewrite the generated part of the DynamoDB table in
// template.yaml from the one table definition (src/repository/dynamodb/table.ts), or with --check
// fail when they differ. test/unit/template.test.ts checks the same thing on every test run.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { tableDefinition, TTL_ATTRIBUTE } from '../src/repository/dynamodb/table.js';

export const TEMPLATE_PATH = fileURLToPath(new URL('../template.yaml', import.meta.url));
const BEGIN = '# BEGIN generated from src/repository/dynamodb/table.ts';
const END = '# END generated from src/repository/dynamodb/table.ts';

/** The `AWS::DynamoDB::Table` properties that must equal `tableDefinition` (the name is CloudFormation's). */
export function tableTemplateProperties(): Record<string, unknown> {
  const { TableName: _name, ...definition } = tableDefinition('unused');
  return { ...definition, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } };
}

/** `template` with the generated block replaced; throws when the markers are missing. */
export function withGeneratedTable(template: string): string {
  const begin = template.indexOf(BEGIN);
  const end = template.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`template.yaml: markers "${BEGIN}" / "${END}" not found`);
  const lineStart = template.lastIndexOf('\n', begin) + 1;
  const indent = template.slice(lineStart, begin);
  const body = stringify(tableTemplateProperties(), { indent: 2, lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
  return `${template.slice(0, begin)}${BEGIN}\n${body}\n${indent}${template.slice(end)}`;
}

async function main(): Promise<void> {
  const current = await readFile(TEMPLATE_PATH, 'utf8');
  const next = withGeneratedTable(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error(
        'template.yaml: the table differs from src/repository/dynamodb/table.ts; run `npm run template:table`',
      );
      process.exitCode = 1;
    }
    return;
  }
  if (next !== current) await writeFile(TEMPLATE_PATH, next);
  console.log(next === current ? 'template.yaml: table already up to date' : 'template.yaml: table regenerated');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
