import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { document, type Operation } from './openapi.js';

// The document is registered once under an id, so its own `#/components/...` refs resolve.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(document, 'openapi');

const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validatorFor(ref: string) {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi${ref}` });
    validators.set(ref, validate);
  }
  return validate;
}

export interface Observed {
  status: number;
  contentType: string;
  text: string;
}

/**
 * Why a response breaks the campaign's rules, or `null` when it keeps them: below 500; a
 * documented status; a 4xx is problem+json whose `status` is the HTTP status; a 2xx body matches
 * the schema documented for that status and content type.
 */
export function violation(op: Operation, response: Observed): string | null {
  const { status, contentType, text } = response;
  if (status >= 500) return `status ${status}`;
  const documented = op.responses[String(status)];
  if (!documented) return `status ${status} is not documented for ${op.operationId}`;
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  if (status >= 400) {
    if (mediaType !== 'application/problem+json') return `a ${status} with content type ${contentType}`;
    const body = parse(text);
    if (body === undefined) return `a ${status} whose body is not JSON`;
    if (body?.status !== status) return `a ${status} whose problem says status ${body?.status}`;
    return schemaError('#/components/schemas/Problem', body);
  }
  const content = documented.content;
  if (!content) return text === '' ? null : `a ${status} with a body where none is documented`;
  const entry = content[mediaType];
  if (!entry) return `a ${status} with undocumented content type ${contentType}`;
  if (!mediaType.endsWith('json')) return null;
  const body = parse(text);
  if (body === undefined) return `a ${status} whose body is not JSON`;
  const ref = entry.schema.$ref as string | undefined;
  return ref ? schemaError(ref, body) : null;
}

function schemaError(ref: string, body: unknown): string | null {
  const validate = validatorFor(ref);
  if (validate(body)) return null;
  return `body does not match ${ref}: ${ajv.errorsText(validate.errors)}`;
}

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
