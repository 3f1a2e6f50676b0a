/**
 * The record description and docs/schema/run-record.schema.json are twins:
 * both are reduced to the same summary (type, required members, enums,
 * patterns, bounds, formats) field by field and must be equal, so neither
 * can gain or lose a rule alone. The bundle corpora (bundleSchema.spec.ts)
 * then run both over hundreds of records derived from the description.
 */
import { RUN_SHAPE } from './runRecordShape';
import type { Shape } from './shape';

type Summary = { [key: string]: unknown };
type Schema = boolean | { [key: string]: unknown };

const runRecordSchema = jest.requireActual<{ [key: string]: unknown }>(
  '../../../docs/schema/run-record.schema.json'
);

/** What a shape allows, in JSON Schema's words. */
function summariseShape(shape: Shape): Summary {
  switch (shape.kind) {
    case 'any':
      return {};
    case 'nullable':
      return { ...summariseShape(shape.of), nullable: true };
    case 'string':
      return defined({
        type: shape.oneOf ? undefined : 'string',
        enum: shape.oneOf ? [...shape.oneOf] : undefined,
        minLength: shape.nonEmpty ? 1 : undefined,
        maxLength: shape.maxLength,
        format: shape.dateTime ? 'date-time' : undefined,
        pattern: shape.pattern?.source
      });
    case 'number':
      return defined({
        type: shape.integer ? 'integer' : 'number',
        minimum: shape.minimum
      });
    case 'boolean':
      return shape.only === undefined
        ? { type: 'boolean' }
        : { const: shape.only };
    case 'pair':
      return { type: 'pair' };
    case 'scalar':
      return defined({ type: 'scalar', maxLength: shape.maxLength });
    case 'array':
      return defined({
        type: 'array',
        maxItems: shape.maxItems,
        items: summariseShape(shape.items)
      });
    case 'map': {
      const values = summariseShape(shape.values);
      return Object.keys(values).length
        ? { type: 'object', values }
        : { type: 'object' };
    }
    case 'object':
      return {
        type: 'object',
        required: Object.keys(shape.required).sort(),
        properties: Object.fromEntries(
          Object.entries({ ...shape.required, ...shape.optional })
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([key, member]) => [key, summariseShape(member)])
        )
      };
  }
}

/** What a JSON Schema (as the docs write it) allows, in the same words. */
function summariseSchema(schema: Schema, root = runRecordSchema): Summary {
  if (schema === true) {
    return {};
  }
  if (schema === false) {
    throw new Error('unexpected false schema');
  }
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/$defs/', '');
    const defs = root.$defs as { [name: string]: Schema };
    return summariseSchema(defs[name], root);
  }
  const oneOf = schema.oneOf as Schema[] | undefined;
  if (oneOf && oneOf.length === 3) {
    // A number, a string or null.
    const byType = Object.fromEntries(
      oneOf.map(item => [(item as { type?: string }).type, item])
    );
    expect(Object.keys(byType).sort()).toEqual(['null', 'number', 'string']);
    expect(byType.number).toEqual({ type: 'number' });
    const { maxLength } = byType.string as { maxLength?: number };
    return defined({ type: 'scalar', maxLength });
  }
  if (oneOf) {
    const others = oneOf.filter(
      item => !(typeof item === 'object' && item.type === 'null')
    );
    expect(others).toHaveLength(oneOf.length - 1);
    expect(others).toHaveLength(1);
    return { ...summariseSchema(others[0], root), nullable: true };
  }
  let type = schema.type as string | string[] | undefined;
  let nullable = false;
  if (Array.isArray(type)) {
    nullable = type.includes('null');
    const rest = type.filter(name => name !== 'null');
    expect(rest).toHaveLength(1);
    type = rest[0];
  }
  const summary: Summary = summariseTyped(schema, type, root);
  if (nullable) {
    summary.nullable = true;
  }
  return summary;
}

function summariseTyped(
  schema: { [key: string]: unknown },
  type: string | undefined,
  root: { [key: string]: unknown }
): Summary {
  if (type === 'array' && schema.prefixItems) {
    // [step, value]: two numbers, nothing more.
    expect(schema).toMatchObject({
      prefixItems: [{ type: 'number' }, { type: 'number' }],
      items: false,
      minItems: 2
    });
    return { type: 'pair' };
  }
  if (type === 'array') {
    return defined({
      type,
      maxItems: schema.maxItems,
      items: summariseSchema((schema.items as Schema) ?? true, root)
    });
  }
  if (type === 'object') {
    const properties = (schema.properties ?? {}) as {
      [key: string]: Schema;
    };
    const additional = schema.additionalProperties;
    if (typeof additional === 'object' && additional !== null) {
      expect(schema.properties).toBeUndefined();
      return { type, values: summariseSchema(additional as Schema, root) };
    }
    if (!schema.properties && !schema.required) {
      return { type };
    }
    return {
      type,
      required: [...((schema.required as string[]) ?? [])].sort(),
      properties: Object.fromEntries(
        Object.keys(properties)
          .sort()
          .map(key => [key, summariseSchema(properties[key], root)])
      )
    };
  }
  if (schema.enum) {
    return { enum: schema.enum };
  }
  if (schema.const !== undefined) {
    return { const: schema.const };
  }
  return defined({
    type,
    minLength: schema.minLength,
    maxLength: schema.maxLength,
    format: schema.format,
    pattern: schema.pattern,
    minimum: schema.minimum
  });
}

function defined(summary: Summary): Summary {
  return Object.fromEntries(
    Object.entries(summary).filter(([, value]) => value !== undefined)
  );
}

describe('the run record description and its JSON Schema twin', () => {
  it('allow the same fields with the same types, bounds and patterns', () => {
    expect(summariseShape(RUN_SHAPE)).toEqual(
      summariseSchema(runRecordSchema as Schema)
    );
  });

  it('notice a rule the description has and the schema does not', () => {
    const loosened = JSON.parse(JSON.stringify(runRecordSchema));
    delete loosened.$defs.annotations.properties.note.maxLength;
    expect(summariseShape(RUN_SHAPE)).not.toEqual(
      summariseSchema(loosened, loosened)
    );
  });
});
