import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCloudFormation } from '../../scripts/template/cloudformation-yaml.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the benchmarks take from template.yaml: the function's literal NODE_OPTIONS and the transport default. */
export interface TemplateRuntime {
  /** `Environment.Variables.NODE_OPTIONS` of ParleyFunction ('' when unset). */
  nodeOptions: string;
  /** `Parameters.DynamoDbTransport.Default`. */
  transport: 'sdk' | 'aws4fetch';
}

export async function templateRuntime(): Promise<TemplateRuntime> {
  const template = parseCloudFormation(await readFile(`${root}template.yaml`, 'utf8')) as {
    Parameters: Record<string, { Default?: unknown }>;
    Resources: Record<string, { Properties?: { Environment?: { Variables?: Record<string, unknown> } } }>;
  };
  const variables = template.Resources.ParleyFunction?.Properties?.Environment?.Variables ?? {};
  const nodeOptions = variables.NODE_OPTIONS;
  const transport = template.Parameters.DynamoDbTransport?.Default;
  return {
    nodeOptions: typeof nodeOptions === 'string' ? nodeOptions : '',
    transport: transport === 'aws4fetch' ? 'aws4fetch' : 'sdk',
  };
}
