import { ConfigError, parseConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/deps.js';
import { createDynamoRepository, type DynamoTransport } from '../../src/repository/dynamodb/index.js';
import type { LambdaEnv } from './env.js';
import { resolveSecrets } from './ssm-secrets.js';

/** Builds the DynamoDB transport a `DYNAMODB_TRANSPORT` value names; called once per container. */
export type TransportFactory = (env: LambdaEnv) => DynamoTransport;
export type TransportName = 'sdk' | 'aws4fetch';

/**
 * The function's `AppDeps` from its environment: secrets read from SSM where the template names a
 * parameter, config validated by `parseConfig`, the DynamoDB backend over the transport
 * `DYNAMODB_TRANSPORT` selects (default `sdk`, or the only one this bundle has). Throws one
 * `ConfigError` naming every bad variable.
 */
export async function createLambdaDeps(
  rawEnv: LambdaEnv,
  transports: Partial<Record<TransportName, TransportFactory>>,
): Promise<AppDeps> {
  const env = await resolveSecrets(withoutBlanks(rawEnv));
  const problems: string[] = [];
  let config: AppDeps['config'] | undefined;
  try {
    config = parseConfig(env, 'lambda');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(error.message.replace(/^invalid configuration: /, ''));
  }
  const available = Object.keys(transports) as TransportName[];
  const transportName = (env.DYNAMODB_TRANSPORT ?? (available.includes('sdk') ? 'sdk' : available[0])) as TransportName;
  const factory = transports[transportName];
  if (!factory) problems.push(`DYNAMODB_TRANSPORT must be one of ${available.join(', ')} in this bundle`);
  if (!env.DYNAMODB_TABLE) problems.push('DYNAMODB_TABLE is required');
  if (!config || !factory || !env.DYNAMODB_TABLE) {
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const repository = createDynamoRepository({ tableName: env.DYNAMODB_TABLE, transport: factory(env) });
  return { config, repository };
}

/**
 * CloudFormation cannot leave a variable out depending on a parameter, so the template sets unused
 * ones to `''`: an empty or blank value means "not set".
 */
function withoutBlanks(env: LambdaEnv): LambdaEnv {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string' && value.trim() !== '') out[name] = value;
  }
  return out as LambdaEnv;
}
