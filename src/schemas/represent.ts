import type * as v from 'valibot';

type Pick = (value: unknown) => unknown;

/**
 * A function that copies exactly the fields `schema` documents, at every depth, and nothing else:
 * what a client sees of a record is what its schema (and so the OpenAPI document) says, and a field
 * a backend keeps beside a record (keys, TTLs, index attributes) can never leak into a response.
 * The picker is compiled on first use; an absent optional field stays absent.
 */
export function representer<S extends v.GenericSchema>(schema: () => S): (value: v.InferOutput<S>) => v.InferOutput<S> {
  let pick: Pick | undefined;
  return (value) => {
    pick ??= compile(schema());
    return pick(value) as v.InferOutput<S>;
  };
}

interface SchemaNode {
  type: string;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  wrapped?: SchemaNode;
}

function compile(schema: SchemaNode): Pick {
  if (schema.entries) {
    const fields = Object.entries(schema.entries).map(([name, entry]) => [name, compile(entry)] as const);
    return (value) => {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, pick] of fields) {
        const field = record[name];
        if (field !== undefined) out[name] = pick(field);
      }
      return out;
    };
  }
  if (schema.item) {
    const pick = compile(schema.item);
    return (value) => (value as unknown[]).map(pick);
  }
  if (schema.wrapped) {
    const pick = compile(schema.wrapped);
    return (value) => (value === null || value === undefined ? value : pick(value));
  }
  return (value) => value;
}
