import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { parse as parseToml } from 'smol-toml';
import { ConfigError, parseConfig, readSource } from '../../src/config.js';
import { templateProblems } from '../template/checks.js';
import { type CloudFormationTemplate, readTemplate, staticValue, templateFunctions } from '../template/functions.js';
import { placeholderReason } from './placeholders.js';
import { newReport, type Report } from './report.js';

export interface AwsCheckOptions {
  /** Folder holding template.yaml, templates/, samconfig.toml and the build output (dist/). */
  root: string;
  /** The repository (for AWS's SAM schema, test/fixtures/schemas/sam.schema.json). */
  repoRoot: string;
  env: string;
}

/** `Key=Value Key2="a value"`, as `sam deploy --parameter-overrides` and samconfig.toml write them. */
export function parseParameterOverrides(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z0-9]+)=("([^"]*)"|'([^']*)'|(\S*))/g)) {
    out[match[1]!] = match[3] ?? match[4] ?? match[5] ?? '';
  }
  return out;
}

export async function checkAws(options: AwsCheckOptions): Promise<Report> {
  const { env, root } = options;
  const report = newReport(`AWS (template.yaml, samconfig.toml [${env}])`);
  const samconfigFile = join(root, 'samconfig.toml');
  if (!existsSync(samconfigFile)) {
    report.problems.push('samconfig.toml is missing');
    return report;
  }
  const samconfig = parseToml(readFileSync(samconfigFile, 'utf8')) as Record<string, any>;
  const deploy = samconfig[env]?.deploy?.parameters as Record<string, unknown> | undefined;
  if (!deploy) {
    report.problems.push(`samconfig.toml has no [${env}.deploy.parameters]; add the stage (see docs/deploy-aws.md)`);
    return report;
  }
  const capabilities = String(deploy.capabilities ?? '').split(/\s+/);
  for (const capability of ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']) {
    if (!capabilities.includes(capability)) {
      report.problems.push(
        `[${env}.deploy.parameters] capabilities lacks ${capability} (the stack has IAM roles and nested alarm blocks)`,
      );
    }
  }

  const template = readTemplate(join(root, 'template.yaml'));
  const overrides = parseParameterOverrides(String(deploy.parameter_overrides ?? ''));
  const parameters = template.Parameters ?? {};
  const before = report.problems.length;
  for (const [name, value] of Object.entries(overrides)) {
    const parameter = parameters[name];
    if (!parameter) {
      report.problems.push(
        `[${env}.deploy.parameters] parameter_overrides sets ${name}, which template.yaml does not declare`,
      );
      continue;
    }
    const reason = placeholderReason(value);
    if (reason) {
      report.problems.push(
        `[${env}.deploy.parameters] parameter_overrides ${name}=${value} is a placeholder (${reason}): ${hint(name)}`,
      );
    }
    report.problems.push(...parameterProblems(env, name, value, parameter));
  }
  if (overrides.Stage !== env) {
    report.problems.push(
      `[${env}.deploy.parameters] parameter_overrides must set Stage=${env} (got ${overrides.Stage ?? 'nothing'})`,
    );
  }
  if (report.problems.length === before) report.passed.push('parameters: declared, allowed, no placeholders');

  // Each function's configuration as the function would read it, validated by the app's own parseConfig.
  const values: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(parameters)) {
    if (parameter.Default !== undefined) values[name] = String(parameter.Default);
  }
  Object.assign(values, overrides);
  for (const fn of templateFunctions(template)) {
    if (!('PARLEY_STAGE' in fn.variables)) continue;
    const source: Record<string, string> = {};
    for (const [name, value] of Object.entries(fn.variables)) {
      const known = staticValue(template, value, values);
      if (known !== undefined) source[name] = known;
    }
    // What the function gets at run time: its secrets from SSM, its table's name, its Region.
    source.CURSOR_SECRET = 'stand-in-secret-value-of-32-characters-or-more';
    source.AUTH_HS256_SECRET = source.CURSOR_SECRET;
    source.DYNAMODB_TABLE ||= 'the-stack-table';
    source.AWS_REGION = 'us-east-1';
    try {
      parseConfig(readSource(source), {
        target: 'lambda',
        defaultBackend: 'dynamodb',
        backends: { dynamodb: () => [] },
      });
      report.passed.push(`${fn.logicalId}: its configuration is valid (AuthMode ${values.AuthMode ?? 'hs256'})`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) {
        report.problems.push(`${fn.logicalId} would not start with these parameters: ${problem}`);
      }
    }
    const bundle = join(root, fn.codeUri, `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.mjs`);
    if (!existsSync(bundle)) {
      report.problems.push(
        `${fn.logicalId}: ${fn.codeUri} has no bundle yet: run \`npm run build\` (template.yaml deploys dist/ as built)`,
      );
    }
  }

  const prefix = values.SecretsParameterPrefix ?? '/parley';
  const ssm = [
    `${prefix}/${env}/cursor-secret`,
    ...((values.AuthMode ?? 'hs256') === 'hs256' ? [`${prefix}/${env}/hs256-secret`] : []),
  ];
  report.notes.push(
    `SSM SecureStrings not checked offline; make sure they exist: ${ssm
      .map((name) => `aws ssm put-parameter --type SecureString --name ${name} --value "$(openssl rand -base64 48)"`)
      .join('; ')}`,
  );

  const schema = JSON.parse(readFileSync(join(options.repoRoot, 'test/fixtures/schemas/sam.schema.json'), 'utf8'));
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  if (validate(template)) report.passed.push("template.yaml is valid against AWS's SAM schema");
  else {
    for (const error of (validate.errors ?? []).slice(0, 10)) {
      report.problems.push(`template.yaml against the SAM schema: ${error.instancePath} ${error.message}`);
    }
  }
  const checks = templateProblems(template as CloudFormationTemplate, root);
  if (checks.length === 0)
    report.passed.push('template checks: alarms for every function and front door, canary rollback, dashboard');
  report.problems.push(...checks.map((problem) => `template.yaml: ${problem}`));
  return report;
}

function parameterProblems(
  env: string,
  name: string,
  value: string,
  parameter: {
    Type?: string;
    AllowedValues?: unknown[];
    AllowedPattern?: string;
    MinValue?: number;
    MaxValue?: number;
  },
): string[] {
  const where = `[${env}.deploy.parameters] ${name}=${value}`;
  const problems: string[] = [];
  if (parameter.AllowedValues && !parameter.AllowedValues.map(String).includes(value)) {
    problems.push(`${where} is not one of ${parameter.AllowedValues.join(', ')}`);
  }
  if (
    parameter.AllowedPattern &&
    !new RegExp(`^(?:${parameter.AllowedPattern.replace(/^\^|\$$/g, '')})$`).test(value)
  ) {
    problems.push(`${where} does not match ${parameter.AllowedPattern}`);
  }
  if (parameter.Type === 'Number') {
    const n = Number(value);
    if (!Number.isFinite(n)) problems.push(`${where} is not a number`);
    if (parameter.MinValue !== undefined && n < parameter.MinValue)
      problems.push(`${where} is below ${parameter.MinValue}`);
    if (parameter.MaxValue !== undefined && n > parameter.MaxValue)
      problems.push(`${where} is above ${parameter.MaxValue}`);
  }
  return problems;
}

function hint(name: string): string {
  if (name === 'AuthJwksUrl')
    return "your user pool's JWKS URL, https://cognito-idp.<region>.amazonaws.com/<pool-id>/.well-known/jwks.json";
  if (name === 'AuthIssuer') return "your user pool's issuer, https://cognito-idp.<region>.amazonaws.com/<pool-id>";
  return 'put the real value there (or pass it with --parameter-overrides)';
}
