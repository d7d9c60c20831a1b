import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Ajv from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_PARAMETERS, TEMPLATE_VARIABLES } from '../adapters/lambda/env.js';
import { tableTemplateProperties, TEMPLATE_PATH, withGeneratedTable } from '../scripts/template-table.js';
import { DYNAMODB_ACTIONS, dynamodbStatement, parseCloudFormation } from './support/template-yaml.js';

const ROOT = new URL('../', import.meta.url);
const templateText = readFileSync(TEMPLATE_PATH, 'utf8');
const template = parseCloudFormation(templateText) as {
  Transform: string;
  Parameters: Record<string, { Default?: unknown; AllowedValues?: unknown[] }>;
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
};
const resources = Object.values(template.Resources);
const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
const fn = ofType('AWS::Serverless::Function')[0]!;
const table = ofType('AWS::DynamoDB::Table')[0]!;

describe('template.yaml', () => {
  it('is a SAM template valid against AWS SAM JSON schema', () => {
    const schema = JSON.parse(readFileSync(new URL('test/fixtures/schemas/sam.schema.json', ROOT), 'utf8'));
    // strict: false — the schema carries SAM's own annotation keywords (markdownDescription, …).
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(template);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
  });

  it('runs the function on Node.js 22, arm64, as the HTTP API default route', () => {
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    const events = Object.values(fn.Properties.Events as Record<string, { Type: string; Properties: any }>);
    expect(events).toContainEqual(
      expect.objectContaining({
        Type: 'HttpApi',
        Properties: expect.objectContaining({ PayloadFormatVersion: '2.0' }),
      }),
    );
    expect(ofType('AWS::Serverless::HttpApi')).toHaveLength(1);
  });

  it('sets every variable the Lambda config reads, and no secret in plain text', () => {
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    for (const name of TEMPLATE_VARIABLES) expect(variables, name).toHaveProperty(name);
    for (const secret of Object.keys(SECRET_PARAMETERS)) expect(variables).not.toHaveProperty(secret);
    const known = new Set<string>([...TEMPLATE_VARIABLES, 'NODE_OPTIONS']);
    expect(Object.keys(variables).filter((name) => !known.has(name))).toEqual([]);
    // ssm-secure cannot be resolved into Lambda environment variables; secretsmanager would be readable there.
    expect(JSON.stringify(variables)).not.toMatch(/\{\{resolve:/);
  });

  it('declares no parameter whose default is a secret', () => {
    for (const [name, parameter] of Object.entries(template.Parameters)) {
      if (/(secret|password|token|key)$/i.test(name)) expect(parameter.Default ?? '', name).toBe('');
    }
  });

  it('has a Stage parameter with dev, staging and production', () => {
    expect(template.Parameters.Stage?.AllowedValues).toEqual(['dev', 'staging', 'production']);
  });

  it("keeps the table's keys, indexes, billing and TTL equal to src/repository/dynamodb/table.ts", () => {
    expect(table.Properties).toMatchObject(tableTemplateProperties());
    expect(withGeneratedTable(templateText)).toBe(templateText);
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('grants the function only the DynamoDB actions it uses, on the table and its indexes', () => {
    const statements = fn.Properties.Policies.flatMap((policy: { Statement?: unknown[] }) => policy.Statement ?? []);
    const dynamo = dynamodbStatement(statements);
    expect(dynamo).toHaveLength(1);
    expect([dynamo[0]?.Action ?? []].flat().sort()).toEqual(DYNAMODB_ACTIONS);
    const tableId = Object.entries(template.Resources).find(([, r]) => r === table)![0];
    expect(dynamo[0]?.Resource).toEqual([
      { 'Fn::GetAtt': [tableId, 'Arn'] },
      { 'Fn::Sub': `\${${tableId}.Arn}/index/*` },
    ]);
    for (const statement of statements) expect([statement.Action].flat()).not.toContain('*');
  });

  it('alarms on API 5xx and on throttling, and keeps logs for a bounded time', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map((alarm) => JSON.stringify(alarm.Properties));
    expect(alarms.some((a) => a.includes('"MetricName":"5xx"'))).toBe(true);
    expect(alarms.some((a) => a.includes('"MetricName":"Throttles"'))).toBe(true);
    expect(alarms.some((a) => a.includes('ThrottleEvents'))).toBe(true);
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
  });

  it('has samconfig.toml environments for every stage', () => {
    const samconfig = readFileSync(new URL('samconfig.toml', ROOT), 'utf8');
    for (const stage of ['dev', 'staging', 'production']) {
      const section = samconfig.split(`[${stage}.deploy.parameters]`)[1]?.split(/\n\[/)[0] ?? '';
      expect(section, stage).toMatch(new RegExp(`parameter_overrides = ".*Stage=${stage}[ "]`));
      expect(samconfig).toContain(`[${stage}.global.parameters]\nstack_name = "parley-${stage}"`);
    }
  });
});

describe('template.yaml against the build output', () => {
  let outdir: string;
  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'parley-template-'));
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', 'lambda', '--outdir', outdir], {
      cwd: new URL('.', ROOT),
    });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('points the function at a bundle that exports an async two-argument handler', async () => {
    const codeUri = String(fn.Properties.CodeUri).replace(/\/$/, '');
    expect(codeUri).toMatch(/^dist\//);
    const [file, exported] = String(fn.Properties.Handler).split('.') as [string, string];
    const bundle = join(outdir, codeUri.slice('dist/'.length), `${file}.mjs`);
    expect(existsSync(bundle), bundle).toBe(true);
    const module = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
    const handler = module[exported];
    expect(typeof handler).toBe('function');
    // Callback-style handlers (3 arguments) fail on newer Node runtimes (hono#4772).
    expect((handler as (...args: unknown[]) => unknown).length).toBe(2);
  });
});
