/**
 * Hostile bundles derived from the record shape: every described field of
 * a run dropped (when required) or given a value of the wrong type or range.
 */
import { RUN_SHAPE, Shape } from '../bundleShapes';
import {
  Json,
  JsonObject,
  mutated,
  pointer,
  seal,
  Segments,
  setAt
} from './corpusBase';
import { IHostileCase, label } from './hostileCase';

/** Values of the wrong type or out of range for a shape (null only where null is not allowed). */
export function badValues(shape: Shape, nullable: boolean): Json[] {
  const nullIfBad: Json[] = nullable ? [] : [null];
  switch (shape.kind) {
    case 'string': {
      const out: Json[] = [42, {}, ...nullIfBad];
      if (shape.oneOf) {
        out.push('bogus', shape.oneOf[0].toUpperCase());
      }
      if (shape.dateTime) {
        out.push(
          'yesterday',
          '2025-13-01T00:00:00Z',
          '2025-02-29T10:00:00Z',
          '2025-01-01T10:00:00',
          '2025-01-01'
        );
      }
      if (shape.nonEmpty) {
        out.push('');
      }
      return out;
    }
    case 'number': {
      const out: Json[] = ['0.5', true, [1], ...nullIfBad];
      if (shape.integer) {
        out.push(1.5);
      }
      if (shape.minimum !== undefined) {
        out.push(shape.minimum - 1);
      }
      return out;
    }
    case 'boolean':
      return shape.only === undefined
        ? ['true', 0, ...nullIfBad]
        : ['true', !shape.only, ...nullIfBad];
    case 'array':
      return ['x', {}, ...nullIfBad];
    case 'map':
      return ['x', [], ...nullIfBad];
    case 'object':
      return ['x', [], 42, ...nullIfBad];
    case 'pair':
      return [[1], [1, 2, 3], ['a', 1], [1, null], 'x'];
    case 'scalar':
      return [{}, [1], true];
    case 'nullable':
      return badValues(shape.of, true);
    case 'any':
      return [];
  }
}

export interface INode {
  path: Segments;
  shape: Shape;
  required: boolean;
}

/** Every node of a run that its shape describes, with its path. */
export function* shapedNodes(
  value: Json,
  shape: Shape,
  path: Segments,
  required: boolean
): Generator<INode> {
  yield { path, shape, required };
  const inner = shape.kind === 'nullable' ? shape.of : shape;
  if (value === null || typeof value !== 'object') {
    return;
  }
  // Items and map members may be left out: only object members are required.
  if (inner.kind === 'array' && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield* shapedNodes(value[i], inner.items, [...path, i], false);
    }
  } else if (inner.kind === 'map') {
    for (const [key, member] of Object.entries(value)) {
      yield* shapedNodes(member, inner.values, [...path, key], false);
    }
  } else if (inner.kind === 'object') {
    const record = value as JsonObject;
    for (const [key, member] of Object.entries(inner.required)) {
      yield* shapedNodes(record[key], member, [...path, key], true);
    }
    for (const [key, member] of Object.entries(inner.optional ?? {})) {
      if (key in record) {
        yield* shapedNodes(record[key], member, [...path, key], false);
      }
    }
  }
}

/** Drop or retype every described field of run 1; drop each required field of runs 0 and 2. */
export function shapeCases(base: JsonObject): IHostileCase[] {
  const cases: IHostileCase[] = [];
  const runs = base.runs as Json[];
  runs.forEach((run, index) => {
    for (const node of shapedNodes(run, RUN_SHAPE, ['runs', index], true)) {
      const where = pointer(node.path);
      if (node.required && node.path.length > 2) {
        cases.push({
          name: `without ${where}`,
          text: seal(mutated(base, copy => setAt(copy, node.path, undefined))),
          path: where,
          code: 'missing',
          schema: true
        });
      }
      if (index !== 1) {
        continue;
      }
      for (const bad of badValues(node.shape, false)) {
        cases.push({
          name: `${where} = ${label(bad)}`,
          text: seal(mutated(base, copy => setAt(copy, node.path, bad))),
          path: where,
          schema: true
        });
      }
    }
  });
  return cases;
}
