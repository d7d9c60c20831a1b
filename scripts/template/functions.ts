import { readFileSync } from 'node:fs';
import { parseCloudFormation } from './cloudformation-yaml.js';

/** `template.yaml` at the repository root. */
export const TEMPLATE_FILE = new URL('../../template.yaml', import.meta.url);

/** A CloudFormation template as parsed by `parseCloudFormation` (intrinsics in their long form). */
export interface CloudFormationTemplate {
  Parameters?: Record<string, { Type?: string; Default?: unknown; AllowedValues?: unknown[] }>;
  Conditions?: Record<string, unknown>;
  Globals?: { Function?: Record<string, unknown> };
  Resources: Record<string, { Type: string; Condition?: string; Properties?: Record<string, any> }>;
  Outputs?: Record<string, unknown>;
}

export function readTemplate(file: URL | string = TEMPLATE_FILE): CloudFormationTemplate {
  return parseCloudFormation(readFileSync(file, 'utf8')) as unknown as CloudFormationTemplate;
}

/** One `AWS::Serverless::Function` of the template, with `Globals.Function` applied. */
export interface TemplateFunction {
  logicalId: string;
  /** `CodeUri`, e.g. `dist/lambda/`. */
  codeUri: string;
  /** `Handler`, e.g. `handler.handler` (file `handler.mjs`, export `handler`). */
  handler: string;
  runtime: string;
  /** `Timeout`, seconds (SAM's default 3). */
  timeoutSeconds: number;
  /** `MemorySize`, MB (SAM's default 128). */
  memoryMb: number;
  /** `Environment.Variables`, values as written (strings, or intrinsics such as `{ Ref: 'Stage' }`). */
  variables: Record<string, unknown>;
  /** `Events`: the event sources SAM wires to it (`HttpApi`, `S3`, `DynamoDB`, …). */
  events: Record<string, { Type: string; Properties?: Record<string, any> }>;
  properties: Record<string, any>;
}

/** Every function the template declares, in template order. */
export function templateFunctions(template: CloudFormationTemplate): TemplateFunction[] {
  const globals = template.Globals?.Function ?? {};
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Serverless::Function')
    .map(([logicalId, resource]) => {
      const p = { ...globals, ...(resource.Properties ?? {}) } as Record<string, any>;
      return {
        logicalId,
        codeUri: String(p.CodeUri ?? ''),
        handler: String(p.Handler ?? ''),
        runtime: String(p.Runtime ?? ''),
        timeoutSeconds: Number(p.Timeout ?? 3),
        memoryMb: Number(p.MemorySize ?? 128),
        variables: { ...(globals.Environment as any)?.Variables, ...p.Environment?.Variables },
        events: p.Events ?? {},
        properties: p,
      };
    });
}

/**
 * A variable's value where it can be known without AWS: a string, or a `Ref` to a parameter (its
 * default, or `parameters[name]`); `undefined` for anything else (a resource's name, `Fn::Sub`, `Fn::If`).
 */
export function staticValue(
  template: CloudFormationTemplate,
  value: unknown,
  parameters: Record<string, string> = {},
): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  if (typeof ref === 'string') {
    if (ref in parameters) return parameters[ref];
    const parameter = template.Parameters?.[ref];
    if (parameter?.Default !== undefined) return String(parameter.Default);
  }
  return undefined;
}
