import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Ajv from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REALTIME_FUNCTION_VARIABLES, SECRET_PARAMETERS, TEMPLATE_VARIABLES } from '../adapters/lambda/env.js';
import { tableTemplateProperties, TEMPLATE_PATH, withGeneratedTable } from '../scripts/template-table.js';
import { FUNCTION_ALARMS_TEMPLATE, templateProblems } from '../scripts/template/checks.js';
import { type CloudFormationTemplate, templateFunctions } from '../scripts/template/functions.js';
import { EMF_DIMENSIONS, EMF_METRICS, EMF_NAMESPACE } from '../src/telemetry/emf.js';
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
const ROOT_DIR = fileURLToPath(ROOT);
const nestedAlarms = parseCloudFormation(readFileSync(new URL(FUNCTION_ALARMS_TEMPLATE, ROOT), 'utf8')) as {
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
};

function samValidator() {
  const schema = JSON.parse(readFileSync(new URL('test/fixtures/schemas/sam.schema.json', ROOT), 'utf8'));
  // strict: false — the schema carries SAM's own annotation keywords (markdownDescription, …).
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}
const table = ofType('AWS::DynamoDB::Table')[0]!;

describe('template.yaml', () => {
  it('is a SAM template valid against AWS SAM JSON schema', () => {
    const validate = samValidator();
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

  it('alarms on API 5xx, on throttling, and keeps logs for a bounded time', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map((alarm) => JSON.stringify(alarm.Properties));
    expect(alarms.some((a) => a.includes('"MetricName":"5xx"'))).toBe(true);
    expect(alarms.some((a) => a.includes('ThrottleEvents'))).toBe(true);
    const nested = nestedAlarms.Resources;
    expect(Object.values(nested).map((r) => r.Properties.MetricName)).toEqual(['Errors', 'Throttles', 'Errors']);
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
  });

  it('passes the template checks: alarms for every function and front door, canary rollback, a dashboard', () => {
    expect(templateProblems(template as CloudFormationTemplate, ROOT_DIR)).toEqual([]);
  });

  it('deploys each function as a canary that rolls back on its new version’s errors, API 5xx and unhandled errors', () => {
    expect(fn.Properties.AutoPublishAlias).toBe('live');
    expect(fn.Properties.DeploymentPreference).toEqual({
      Type: { Ref: 'DeploymentStrategy' },
      Alarms: [
        { 'Fn::GetAtt': ['ParleyFunctionAlarms', 'Outputs.NewVersionErrorsAlarm'] },
        { Ref: 'Api5xxAlarm' },
        { Ref: 'UnhandledErrorAlarm' },
      ],
    });
    expect(template.Parameters.DeploymentStrategy?.AllowedValues).toContain('Canary10Percent5Minutes');
    // The canary alarm watches the version being published, through the alias.
    const canary = nestedAlarms.Resources.NewVersionErrorsAlarm!.Properties;
    expect(canary.Dimensions.map((d: { Name: string }) => d.Name)).toEqual([
      'FunctionName',
      'Resource',
      'ExecutedVersion',
    ]);
    expect(template.Resources.ParleyFunctionAlarms?.Properties.Parameters.FunctionVersion).toEqual({
      'Fn::GetAtt': ['ParleyFunction', 'Version.Version'],
    });
  });

  it('alarms on the EMF UnhandledError metric with the dimensions the EMF lines carry', () => {
    const alarm = template.Resources.UnhandledErrorAlarm!.Properties;
    expect(alarm.Namespace).toBe(EMF_NAMESPACE);
    expect(alarm.MetricName).toBe('UnhandledError');
    expect(EMF_METRICS.UnhandledError).toBe('Count');
    expect(alarm.Dimensions.map((d: { Name: string }) => d.Name)).toEqual([...EMF_DIMENSIONS[0]]);
    expect(alarm.Dimensions[1].Value).toEqual({ Ref: 'Stage' });
  });

  it('notifies an existing topic, or its own when an address is given, or nobody', () => {
    expect(template.Resources.AlarmTopic).toMatchObject({ Type: 'AWS::SNS::Topic', Condition: 'CreateAlarmTopic' });
    for (const alarm of ofType('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual({
        'Fn::If': [
          'HasAlarmTopicArn',
          [{ Ref: 'AlarmTopicArn' }],
          { 'Fn::If': ['CreateAlarmTopic', [{ Ref: 'AlarmTopic' }], { Ref: 'AWS::NoValue' }] },
        ],
      });
    }
    expect(nestedAlarms.Resources.ErrorsAlarm!.Properties.AlarmActions).toEqual({
      'Fn::If': ['HasAlarmAction', [{ Ref: 'AlarmActionArn' }], { Ref: 'AWS::NoValue' }],
    });
  });

  it('has a dashboard whose body is valid JSON once substituted, on the metrics Parley emits', () => {
    const [dashboard] = ofType('AWS::CloudWatch::Dashboard');
    const body = (dashboard!.Properties.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    const parsed = JSON.parse(body.replace(/\$\{[\w:.]+\}/g, 'x'));
    const metrics = JSON.stringify(parsed.widgets.map((w: any) => w.properties.metrics));
    for (const name of ['5xx', 'Errors', 'Throttles', 'ColdStart', 'UnhandledError', 'StoreRoundTrips', 'Latency'])
      expect(metrics, name).toContain(name);
  });

  it('the checks catch a function or front door added without its alarms', () => {
    const broken = structuredClone(template) as CloudFormationTemplate & typeof template;
    broken.Resources.MediaFunction = {
      Type: 'AWS::Serverless::Function',
      Properties: { CodeUri: 'dist/media/', Handler: 'handler.handler', FunctionUrlConfig: { AuthType: 'NONE' } },
    };
    broken.Resources.OtherSocketApi = { Type: 'AWS::Serverless::WebSocketApi', Properties: {} };
    delete broken.Resources.Api5xxAlarm;
    delete broken.Resources.RealtimeApiErrorsAlarm;
    expect(templateProblems(broken, ROOT_DIR)).toEqual(
      expect.arrayContaining([
        'MediaFunction: no AutoPublishAlias (a canary needs a version alias)',
        'MediaFunction: no DeploymentPreference (canary deployments with rollback)',
        `MediaFunction: no alarms block (AWS::Serverless::Application of ${FUNCTION_ALARMS_TEMPLATE})`,
        'MediaFunction: no LoggingConfig.LogGroup (a log group with retention)',
        'MediaFunction: its Function URL has no Url5xxCount alarm',
        'OtherSocketApi: WebSocket API without an IntegrationError/ExecutionError alarm (by ApiId and Stage)',
        'RealtimeApi: WebSocket API without an IntegrationError/ExecutionError alarm (by ApiId and Stage)',
        'ParleyHttpApi: HTTP API without a 5xx alarm (AWS/ApiGateway 5xx by ApiId and Stage)',
      ]),
    );
  });

  it('templates/function-alarms.yaml is valid against the SAM schema too', () => {
    const validate = samValidator();
    expect(validate(nestedAlarms), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has samconfig.toml environments for every stage', () => {
    const samconfig = readFileSync(new URL('samconfig.toml', ROOT), 'utf8');
    for (const stage of ['dev', 'staging', 'production']) {
      const section = samconfig.split(`[${stage}.deploy.parameters]`)[1]?.split(/\n\[/)[0] ?? '';
      expect(section, stage).toMatch(new RegExp(`parameter_overrides = ".*Stage=${stage}[ "]`));
      expect(samconfig).toContain(`[${stage}.global.parameters]\nstack_name = "parley-${stage}"`);
      // Nested applications (the alarms blocks) need CAPABILITY_AUTO_EXPAND.
      expect(section, stage).toMatch(/capabilities = "CAPABILITY_IAM CAPABILITY_AUTO_EXPAND"/);
    }
  });
});

describe('template.yaml: real time on AWS', () => {
  const resource = (id: string) => template.Resources[id]!;
  const statementsOf = (id: string) =>
    resource(id).Properties.Policies.flatMap((policy: { Statement?: unknown[] }) => policy.Statement ?? []) as Array<{
      Sid: string;
      Action: string[] | string;
      Resource: unknown;
      Condition?: unknown;
    }>;
  const connections = {
    'Fn::Sub':
      'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RealtimeApi}/${Stage}/POST/@connections/*',
  };
  const leadingKeys = (keys: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } });

  it('has a WebSocket API routing $connect, $disconnect and $default to the socket function’s alias', () => {
    expect(resource('RealtimeApi').Properties).toMatchObject({
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.type',
    });
    const routes = ofType('AWS::ApiGatewayV2::Route').map((route) => route.Properties);
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(['$connect', '$default', '$disconnect']);
    for (const route of routes) {
      expect(route.ApiId).toEqual({ Ref: 'RealtimeApi' });
      expect(route.Target).toEqual({ 'Fn::Sub': 'integrations/${RealtimeSocketIntegration}' });
    }
    // The ticket in the query is the credential: the function checks it, no authorizer.
    expect(routes.find((route) => route.RouteKey === '$connect')?.AuthorizationType).toBe('NONE');
    const integration = resource('RealtimeSocketIntegration').Properties;
    expect(integration.IntegrationType).toBe('AWS_PROXY');
    expect(integration.IntegrationUri['Fn::Sub'][1]).toEqual({ Target: { Ref: 'RealtimeSocketFunction.Alias' } });
    expect(resource('RealtimeInvokePermission').Properties).toMatchObject({
      FunctionName: { Ref: 'RealtimeSocketFunction.Alias' },
      Principal: 'apigateway.amazonaws.com',
    });
    const stage = resource('RealtimeStage').Properties;
    expect(stage).toMatchObject({ StageName: { Ref: 'Stage' }, DeploymentId: { Ref: 'RealtimeDeployment' } });
    expect(stage.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect((template.Resources.RealtimeDeployment as { DependsOn?: string[] }).DependsOn?.sort()).toEqual([
      'RealtimeConnectRoute',
      'RealtimeDefaultRoute',
      'RealtimeDisconnectRoute',
    ]);
  });

  it('gives the API function the WebSocket URL (tickets on) and the real-time functions the management endpoint', () => {
    const wss = { 'Fn::Sub': 'wss://${RealtimeApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}' };
    expect(fn.Properties.Environment.Variables.REALTIME_URL).toEqual(wss);
    expect((template as { Outputs?: Record<string, { Value: unknown }> }).Outputs?.RealtimeUrl?.Value).toEqual(wss);
    for (const id of ['RealtimeSocketFunction', 'RealtimeFanOutFunction']) {
      const variables = resource(id).Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(variables).sort(), id).toEqual([...REALTIME_FUNCTION_VARIABLES].sort());
      expect(variables.REALTIME_CONNECTIONS_URL).toEqual({
        'Fn::Sub': 'https://${RealtimeApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}',
      });
      // Their bundles carry aws4fetch only.
      expect(variables.DYNAMODB_TRANSPORT).toBe('aws4fetch');
    }
  });

  it('grants the socket function only its connection items, conversation reads and @connections posts', () => {
    const statements = statementsOf('RealtimeSocketFunction');
    for (const statement of statements) expect([statement.Action].flat().join()).not.toMatch(/\*/);
    const dynamo = dynamodbStatement(statements);
    expect(dynamo.map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': ['ParleyTable', 'Arn'] },
      { 'Fn::GetAtt': ['ParleyTable', 'Arn'] },
    ]);
    expect(dynamo.map((s) => s.Condition)).toEqual([
      leadingKeys(['RTCONN#*', 'RTCONNID#*', 'RTTICKET#*']),
      leadingKeys(['CONV#*']),
    ]);
    expect(dynamo[1]?.Action).toEqual(['dynamodb:GetItem']);
    expect(statements.find((s) => s.Sid === 'PostToConnections')).toMatchObject({
      Action: ['execute-api:ManageConnections'],
      Resource: connections,
    });
  });

  it('feeds the fan-out from the table’s stream, retried in halves, then parked, and grants it no more', () => {
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const fanOut = templateFunctions(template as CloudFormationTemplate).find(
      (candidate) => candidate.logicalId === 'RealtimeFanOutFunction',
    )!;
    const stream = Object.values(fanOut.events);
    expect(stream).toHaveLength(1);
    expect(stream[0]).toMatchObject({
      Type: 'DynamoDB',
      Properties: {
        Stream: { 'Fn::GetAtt': ['ParleyTable', 'StreamArn'] },
        BisectBatchOnFunctionError: true,
        DestinationConfig: {
          OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['RealtimeFanOutFailures', 'Arn'] } },
        },
      },
    });
    const events = stream[0]!.Properties!;
    expect(events.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(events.BatchSize).toBeGreaterThan(0);
    // adapters/lambda/realtime-fanout.ts rejects the batch; it returns no batchItemFailures.
    expect(events.FunctionResponseTypes).toBeUndefined();
    const statements = statementsOf('RealtimeFanOutFunction');
    for (const statement of statements) expect([statement.Action].flat().join()).not.toMatch(/\*/);
    expect(statements.find((s) => s.Sid === 'TableStream')?.Resource).toEqual({
      'Fn::GetAtt': ['ParleyTable', 'StreamArn'],
    });
    const items = dynamodbStatement(statements).filter((s) => s.Sid !== 'TableStream');
    expect(items.map((s) => [s.Action, s.Condition])).toEqual([
      [['dynamodb:GetItem'], leadingKeys(['CONV#*'])],
      [['dynamodb:Query', 'dynamodb:DeleteItem'], leadingKeys(['RTCONN#*', 'RTCONNID#*'])],
    ]);
    expect(statements.find((s) => s.Sid === 'PostToConnections')?.Resource).toEqual(connections);
  });
});

describe('template.yaml against the build output', () => {
  let outdir: string;
  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'parley-template-'));
    const targets = ['lambda', 'lambda-realtime-socket', 'lambda-realtime-fanout'];
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', ...targets, '--outdir', outdir], {
      cwd: new URL('.', ROOT),
    });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  // The media processor's bundle needs sharp beside it (installed for linux-arm64), so it is not imported here.
  const functions = templateFunctions(template as CloudFormationTemplate).filter(
    (candidate) => candidate.logicalId !== 'MediaProcessorFunction',
  );
  it.each(functions.map((candidate) => [candidate.logicalId, candidate] as const))(
    'points %s at a bundle that exports an async handler',
    async (logicalId, candidate) => {
      const codeUri = candidate.codeUri.replace(/\/$/, '');
      expect(codeUri).toMatch(/^dist\//);
      const [file, exported] = candidate.handler.split('.') as [string, string];
      const bundle = join(outdir, codeUri.slice('dist/'.length), `${file}.mjs`);
      expect(existsSync(bundle), bundle).toBe(true);
      const module = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
      const handler = module[exported];
      expect(typeof handler).toBe('function');
      // Callback-style handlers (3 arguments) fail on newer Node runtimes (hono#4772); the API's takes
      // (event, context), the real-time ones the event only.
      expect((handler as (...args: unknown[]) => unknown).length).toBe(logicalId === 'ParleyFunction' ? 2 : 1);
    },
  );
});
