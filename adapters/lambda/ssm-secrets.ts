import { AwsClient } from 'aws4fetch';
import { ConfigError, stageOf } from '../../src/config.js';
import { credentialsFromEnv } from '../../src/repository/dynamodb/index.js';
import { StartupUnavailableError } from '../../src/startup.js';
import { SECRET_PARAMETERS, type LambdaEnv } from './env.js';

/**
 * Fill secret variables from SSM Parameter Store SecureStrings, once per container. CloudFormation
 * cannot resolve `{{resolve:ssm-secure:...}}` into Lambda environment variables (only a fixed list
 * of properties takes it), and a `{{resolve:secretsmanager:...}}` value would sit in plain text in
 * the function's configuration, so the template passes parameter *names* and the function reads the
 * values at cold start. A variable already set wins over its parameter (local runs and tests).
 *
 * One `GetParameters` call (JSON 1.1 protocol), signed with aws4fetch, which Parley already ships,
 * instead of adding the SSM SDK client to the bundle:
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html
 */
export async function resolveSecrets(env: LambdaEnv): Promise<LambdaEnv> {
  const wanted = new Map<string, keyof typeof SECRET_PARAMETERS>();
  for (const [variable, parameterVariable] of Object.entries(SECRET_PARAMETERS)) {
    const parameter = env[parameterVariable]?.trim();
    if (parameter && !env[variable as keyof typeof SECRET_PARAMETERS]) {
      wanted.set(parameter, variable as keyof typeof SECRET_PARAMETERS);
    }
  }
  if (wanted.size === 0) return env;
  const values = await getParameters([...wanted.keys()], env);
  const resolved: LambdaEnv = { ...env };
  const missing: string[] = [];
  for (const [parameter, variable] of wanted) {
    const value = values.get(parameter);
    if (value === undefined) missing.push(`SSM parameter ${parameter} (for ${variable}) not found`);
    else resolved[variable] = value;
  }
  if (missing.length > 0) throw new ConfigError(missing, { stage: stageOf(env) });
  return resolved;
}

interface GetParametersOutput {
  Parameters?: Array<{ Name: string; Value: string }>;
  InvalidParameters?: string[];
}

async function getParameters(names: string[], env: LambdaEnv): Promise<Map<string, string>> {
  const region = env.AWS_REGION?.trim();
  if (!region) {
    throw new ConfigError(['AWS_REGION is required to read SSM parameters'], { stage: stageOf(env) });
  }
  const credentials = await credentialsFromEnv(env)();
  const client = new AwsClient({ ...credentials, region, service: 'ssm', retries: 0 });
  const endpoint = env.AWS_ENDPOINT_URL_SSM?.trim() || `https://ssm.${region}.amazonaws.com/`;
  let response: Response;
  try {
    response = await client.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' },
      body: JSON.stringify({ Names: names, WithDecryption: true }),
    });
  } catch (error) {
    throw new StartupUnavailableError('SSM GetParameters: no answer', 2, { cause: error });
  }
  if (!response.ok) {
    // Throttling or a fault passes: 503 now, and the next invocation tries again. A 4xx other than
    // throttling (access denied, a bad parameter name) is the deploy's to fix.
    const type = ((await response.json().catch(() => ({}))) as { __type?: string }).__type ?? '';
    const message = `SSM GetParameters failed: HTTP ${response.status} ${type}`.trim();
    if (response.status >= 500 || /Throttl/.test(type)) throw new StartupUnavailableError(message);
    throw new ConfigError([`${message} (check the function's permission to read its parameters)`], {
      stage: stageOf(env),
    });
  }
  const output = (await response.json()) as GetParametersOutput;
  return new Map((output.Parameters ?? []).map((parameter) => [parameter.Name, parameter.Value]));
}
