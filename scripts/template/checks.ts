import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMF_NAMESPACE } from '../../src/telemetry/emf.js';
import { parseCloudFormation } from './cloudformation-yaml.js';
import { type CloudFormationTemplate, templateFunctions } from './functions.js';

/**
 * What every deployable template.yaml must hold for Parley to be watched and safely deployed
 * (run by test/template.test.ts and `npm run deploy:check`):
 * - every function: a version alias (`AutoPublishAlias`), a `DeploymentPreference` with alarms, its
 *   alarms block (`AWS::Serverless::Application` of `templates/function-alarms.yaml`) whose canary
 *   alarm the preference lists, and a log group of its own;
 * - every front door: its 5xx alarm on the metric that front door publishes (HTTP API `5xx` by
 *   `ApiId`, REST API `5XXError` by `ApiName`, Function URL `Url5xxCount` by `FunctionName`,
 *   WebSocket API `IntegrationError` by `ApiId`, ALB `HTTPCode_Target_5XX_Count` by `TargetGroup`;
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html,
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html,
 *   https://docs.aws.amazon.com/lambda/latest/dg/urls-monitoring.html,
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html,
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html);
 * - an alarm on Parley's own `UnhandledError` metric, listed by every DeploymentPreference;
 * - a dashboard.
 * Returns one sentence per problem, naming the resource; `[]` when all hold.
 */
export const FUNCTION_ALARMS_TEMPLATE = 'templates/function-alarms.yaml';
export const FUNCTION_ALARM_OUTPUTS = ['ErrorsAlarm', 'ThrottlesAlarm', 'NewVersionErrorsAlarm'] as const;

interface Alarm {
  id: string;
  namespace: string | undefined;
  metric: string | undefined;
  dimensions: Array<{ Name: string; Value: unknown }>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function alarmsOf(template: CloudFormationTemplate): Alarm[] {
  const out: Alarm[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::CloudWatch::Alarm') continue;
    const p = resource.Properties ?? {};
    out.push({ id, namespace: p.Namespace, metric: p.MetricName, dimensions: p.Dimensions ?? [] });
    for (const query of (p.Metrics ?? []) as Array<{ MetricStat?: { Metric?: Record<string, any> } }>) {
      const metric = query.MetricStat?.Metric;
      if (metric)
        out.push({ id, namespace: metric.Namespace, metric: metric.MetricName, dimensions: metric.Dimensions ?? [] });
    }
  }
  return out;
}

function hasAlarm(alarms: Alarm[], namespace: string, metrics: string[], dimension: string, value?: unknown): boolean {
  return alarms.some(
    (alarm) =>
      alarm.namespace === namespace &&
      metrics.includes(alarm.metric ?? '') &&
      alarm.dimensions.some((d) => d.Name === dimension && (value === undefined || same(d.Value, value))),
  );
}

export function templateProblems(template: CloudFormationTemplate, root: string): string[] {
  const problems: string[] = [];
  const alarms = alarmsOf(template);
  const resources = Object.entries(template.Resources);
  const unhandled = alarms.find((alarm) => alarm.namespace === EMF_NAMESPACE && alarm.metric === 'UnhandledError');
  if (!unhandled) problems.push(`no alarm on the ${EMF_NAMESPACE}/UnhandledError metric`);

  for (const fn of templateFunctions(template)) {
    const name = fn.logicalId;
    const p = fn.properties;
    if (!p.AutoPublishAlias) problems.push(`${name}: no AutoPublishAlias (a canary needs a version alias)`);
    const preference = p.DeploymentPreference as { Type?: unknown; Alarms?: unknown[] } | undefined;
    const listed = Array.isArray(preference?.Alarms) ? preference.Alarms : [];
    if (!preference?.Type) problems.push(`${name}: no DeploymentPreference (canary deployments with rollback)`);
    else if (listed.length === 0) problems.push(`${name}: its DeploymentPreference lists no alarms to roll back on`);
    const block = resources.find(
      ([, r]) =>
        r.Type === 'AWS::Serverless::Application' &&
        r.Properties?.Location === FUNCTION_ALARMS_TEMPLATE &&
        same(r.Properties?.Parameters?.FunctionName, { Ref: name }),
    );
    if (!block) {
      problems.push(`${name}: no alarms block (AWS::Serverless::Application of ${FUNCTION_ALARMS_TEMPLATE})`);
    } else if (!listed.some((alarm) => same(alarm, { 'Fn::GetAtt': [block[0], 'Outputs.NewVersionErrorsAlarm'] }))) {
      problems.push(`${name}: its DeploymentPreference does not list ${block[0]}.Outputs.NewVersionErrorsAlarm`);
    }
    if (unhandled && preference && !listed.some((alarm) => same(alarm, { Ref: unhandled.id }))) {
      problems.push(`${name}: its DeploymentPreference does not list ${unhandled.id}`);
    }
    if (!p.LoggingConfig?.LogGroup) problems.push(`${name}: no LoggingConfig.LogGroup (a log group with retention)`);
    if (p.FunctionUrlConfig && !hasAlarm(alarms, 'AWS/Lambda', ['Url5xxCount'], 'FunctionName', { Ref: name })) {
      problems.push(`${name}: its Function URL has no Url5xxCount alarm`);
    }
    for (const [eventName, event] of Object.entries(fn.events)) {
      if (
        (event.Type === 'HttpApi' || event.Type === 'Api') &&
        !event.Properties?.[event.Type === 'HttpApi' ? 'ApiId' : 'RestApiId']
      ) {
        problems.push(
          `${name}: event ${eventName} uses SAM's implicit API; declare the API so it can have its 5xx alarm`,
        );
      }
    }
  }

  for (const [id, resource] of resources) {
    const type = resource.Type;
    if (type === 'AWS::Serverless::HttpApi' && !hasAlarm(alarms, 'AWS/ApiGateway', ['5xx'], 'ApiId', { Ref: id })) {
      problems.push(`${id}: HTTP API without a 5xx alarm (AWS/ApiGateway 5xx by ApiId and Stage)`);
    }
    if (type === 'AWS::Serverless::Api' && !hasAlarm(alarms, 'AWS/ApiGateway', ['5XXError'], 'ApiName')) {
      problems.push(`${id}: REST API without a 5XXError alarm (AWS/ApiGateway 5XXError by ApiName and Stage)`);
    }
    const websocket =
      type === 'AWS::Serverless::WebSocketApi' ||
      (type === 'AWS::ApiGatewayV2::Api' && resource.Properties?.ProtocolType === 'WEBSOCKET');
    if (
      websocket &&
      !hasAlarm(alarms, 'AWS/ApiGateway', ['IntegrationError', 'ExecutionError'], 'ApiId', { Ref: id })
    ) {
      problems.push(`${id}: WebSocket API without an IntegrationError/ExecutionError alarm (by ApiId and Stage)`);
    }
    if (
      type === 'AWS::ElasticLoadBalancingV2::TargetGroup' &&
      !hasAlarm(alarms, 'AWS/ApplicationELB', ['HTTPCode_Target_5XX_Count'], 'TargetGroup')
    ) {
      problems.push(`${id}: ALB target group without an HTTPCode_Target_5XX_Count alarm`);
    }
  }

  if (!resources.some(([, r]) => r.Type === 'AWS::CloudWatch::Dashboard')) problems.push('no CloudWatch dashboard');
  problems.push(...nestedTemplateProblems(root));
  return problems;
}

/** The alarms block template itself: present, with the outputs the main template uses. */
function nestedTemplateProblems(root: string): string[] {
  const file = join(root, FUNCTION_ALARMS_TEMPLATE);
  if (!existsSync(file)) return [`${FUNCTION_ALARMS_TEMPLATE} is missing`];
  const nested = parseCloudFormation(readFileSync(file, 'utf8')) as { Outputs?: Record<string, unknown> };
  return FUNCTION_ALARM_OUTPUTS.filter((output) => !nested.Outputs?.[output]).map(
    (output) => `${FUNCTION_ALARMS_TEMPLATE}: no output ${output}`,
  );
}
