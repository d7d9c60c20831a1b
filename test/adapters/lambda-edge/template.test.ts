import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { handler, servesPath } from '../../../adapters/lambda-edge/handler.js';
import { tableTemplateProperties } from '../../../scripts/template-table.js';
import { targets } from '../../../scripts/build/targets.mjs';
import { DYNAMODB_ACTIONS, dynamodbStatement, parseCloudFormation } from '../../support/template-yaml.js';

const ROOT = new URL('../../../', import.meta.url);
const template = parseCloudFormation(
  readFileSync(new URL('adapters/lambda-edge/template.yaml', ROOT), 'utf8'),
) as Record<string, any>;
const resources = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>);
const only = (type: string) => {
  const found = resources.filter((r) => r.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0]!.Properties;
};
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const VERSION_REF = { Ref: 'EdgeFunction.Version' };

describe('edge stack template (adapters/lambda-edge/template.yaml)', () => {
  it('is a SAM template valid against the AWS SAM JSON schema', () => {
    const schema = JSON.parse(readFileSync(new URL('test/fixtures/schemas/sam.schema.json', ROOT), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    validate(template);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('refuses to deploy outside us-east-1', () => {
    const assertions = Object.values(template.Rules as Record<string, { Assertions: any[] }>).flatMap(
      (r) => r.Assertions,
    );
    expect(assertions).toContainEqual(
      expect.objectContaining({ Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } }),
    );
  });

  it('has a role that both lambda and edgelambda may assume', () => {
    const role = only('AWS::IAM::Role');
    const principals = role.AssumeRolePolicyDocument.Statement.flatMap((s: any) => [s.Principal.Service].flat());
    expect(principals.sort()).toEqual(['edgelambda.amazonaws.com', 'lambda.amazonaws.com']);
  });

  it('publishes a numbered version of the built bundle, with no environment variables', () => {
    const fn = only('AWS::Serverless::Function');
    expect(fn.AutoPublishAlias).toBeTruthy();
    expect(fn.Environment).toBeUndefined();
    expect(fn.Architectures).toEqual(['x86_64']);
    expect(fn.Timeout).toBeLessThanOrEqual(30);
    const target = targets.find((t) => t.name === 'lambda-edge');
    expect(fn.CodeUri).toBe(`../../dist/${target?.name}`);
    expect(fn.Handler).toBe(`${target?.outfile.replace(/\.m?js$/, '')}.handler`);
    expect(typeof handler).toBe('function');
  });

  it('runs the function on origin-request, with the body, and caching off for /v1/*', () => {
    const behaviors = only('AWS::CloudFront::Distribution').DistributionConfig.CacheBehaviors as any[];
    const api = behaviors.find((b) => b.PathPattern === '/v1/*');
    expect(api).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      LambdaFunctionAssociations: [{ EventType: 'origin-request', IncludeBody: true, LambdaFunctionARN: VERSION_REF }],
    });
  });

  it('associates the function exactly with the paths the handler serves', () => {
    const behaviors = only('AWS::CloudFront::Distribution').DistributionConfig.CacheBehaviors as any[];
    const withFunction = behaviors.filter((b) => b.LambdaFunctionAssociations?.length);
    expect(withFunction.map((b) => b.PathPattern).sort()).toEqual([
      '/docs',
      '/docs/',
      '/health',
      '/openapi.json',
      '/v1/*',
    ]);
    for (const b of withFunction) {
      expect(servesPath(b.PathPattern.replace('*', 'x')), b.PathPattern).toBe(true);
      expect(b.CachePolicyId).toBe(CACHING_DISABLED);
      expect(b.LambdaFunctionAssociations).toEqual([
        expect.objectContaining({ EventType: 'origin-request', LambdaFunctionARN: VERSION_REF }),
      ]);
    }
  });

  it("keeps the Global Table's keys, indexes, billing and TTL equal to src/repository/dynamodb/table.ts", () => {
    const table = only('AWS::DynamoDB::GlobalTable');
    expect(table).toMatchObject(tableTemplateProperties());
    expect(table.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(table.Replicas[0]).toEqual({ Region: { Ref: 'AWS::Region' } });
    expect(table.Replicas.length).toBeGreaterThan(1);
  });

  it('lets the function use every replica of the table, with only the actions Parley uses', () => {
    const role = only('AWS::IAM::Role');
    const statements = role.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const dynamo = dynamodbStatement(statements);
    expect(dynamo).toHaveLength(1);
    expect([dynamo[0]?.Action ?? []].flat().sort()).toEqual(DYNAMODB_ACTIONS);
    expect(JSON.stringify(dynamo[0]?.Resource)).toContain(':dynamodb:*:');
  });
});
