/**
 * Cases derived from the run record description's limits and
 * normalisation (src/model/record/runRecordShape.ts): for every described
 * field with a length or item limit, a bundle at the limit (valid) and one
 * past it (refused); for every field capture lower-cases, the upper-case
 * spelling (refused). Run 1 of the base is first given every optional part
 * of a record (context parts, history, tags, trash state, alerts), so that every described limit
 * has a field to sit on; those parts also get the shape corpus' bad values.
 */
import { RUN_SHAPE } from '../bundleShapes';
import type { Shape } from '../bundleShapes';
import {
  getAt,
  Json,
  JsonObject,
  mutated,
  pointer,
  seal,
  Segments,
  setAt
} from './corpusBase';
import { IHostileCase, label } from './hostileCase';
import { badValues, shapedNodes } from './shapeCorpus';

const RUN = ['runs', 1];

/** The base bundle with run 1 holding every optional part of a record. */
export function richBase(base: JsonObject): JsonObject {
  return mutated(base, copy => {
    const run = getAt(copy, RUN) as JsonObject;
    const context = run.context as JsonObject;
    context.packages = { numpy: '2.1.0' };
    context.seeds = { params: { seed: 7 }, calls: ['torch.manual_seed(7)'] };
    context.resources = {
      cpu_seconds: 1.5,
      wall_seconds: 2,
      peak_rss_bytes: 1024,
      peak_rss_scope: 'run',
      gpu: [{ device: 0, name: 'A100', peak_bytes: 2048 }],
      cells_measured: 2
    };
    context.files = {
      data: {
        path: '/data/train.csv',
        kind: 'file',
        size: 12,
        mtime: '2026-11-27T10:00:00Z',
        sha256: 'c'.repeat(64)
      }
    };
    run.annotations = { note: 'kept', tags: ['baseline'], starred: true };
    run.history = [
      {
        at: '2026-11-27T10:00:00Z',
        user: 'ada',
        field: 'tags',
        from: [],
        to: ['baseline']
      },
      {
        at: '2026-11-27T10:05:00Z',
        user: null,
        field: 'deleted',
        from: false,
        to: true
      }
    ];
    run.deleted = { at: '2026-11-27T10:05:00Z', user: null };
    run.alerts = [
      {
        rule: 'loss > 1',
        at: '2026-11-27T10:01:00Z',
        subject: 'loss',
        value: 1.5,
        step: 3
      },
      {
        rule: 'status == failed',
        at: '2026-11-27T10:02:00Z',
        subject: 'status',
        value: 'failed',
        step: null
      }
    ];
  });
}

/** Whether `path` leads to a value in `root`. */
function has(root: Json, path: Segments): boolean {
  let node: Json | undefined = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') {
      return false;
    }
    node = (node as JsonObject)[segment];
  }
  return node !== undefined;
}

function inner(shape: Shape): Shape {
  return shape.kind === 'nullable' ? shape.of : shape;
}

/** A value of `count` copies of the node's first item (or of `fallback`). */
function items(node: Json, count: number, fallback: Json): Json[] {
  const first = Array.isArray(node) && node.length ? node[0] : fallback;
  return Array.from({ length: count }, (_, i) =>
    typeof first === 'string' ? `t${i}` : first
  );
}

interface ILimitCases {
  valid: { name: string; text: string }[];
  hostile: IHostileCase[];
}

export function recordLimitCases(base: JsonObject): ILimitCases {
  const rich = richBase(base);
  const plainRun = getAt(base, RUN);
  const out: ILimitCases = {
    valid: [{ name: 'a run with every optional part', text: seal(rich) }],
    hostile: []
  };
  const set = (path: Segments, value: Json) =>
    seal(mutated(rich, copy => setAt(copy, path, value)));
  for (const node of shapedNodes(getAt(rich, RUN), RUN_SHAPE, RUN, true)) {
    const where = pointer(node.path);
    const value = getAt(rich, node.path);
    const shape = inner(node.shape);
    if (!has(plainRun, node.path.slice(RUN.length))) {
      // Parts the base lacks: the shape corpus' bad values for them too.
      for (const bad of badValues(node.shape, false)) {
        out.hostile.push({
          name: `${where} = ${label(bad)}`,
          text: set(node.path, bad),
          path: where,
          schema: true
        });
      }
    }
    if (
      (shape.kind === 'string' || shape.kind === 'scalar') &&
      shape.maxLength !== undefined
    ) {
      const max = shape.maxLength;
      // Lengths count code points: an astral character is one.
      out.valid.push({
        name: `${where} of ${max} characters, all outside the BMP`,
        text: set(node.path, '😀'.repeat(max))
      });
      for (const over of ['x'.repeat(max + 1), '😀'.repeat(max) + 'x']) {
        out.hostile.push({
          name: `${where} of ${max + 1} characters (${label(over.slice(0, 4))}…)`,
          text: set(node.path, over),
          path: where,
          code: 'bad-value',
          schema: true
        });
      }
    }
    if (shape.kind === 'array' && shape.maxItems !== undefined) {
      const max = shape.maxItems;
      out.valid.push({
        name: `${where} with ${max} items`,
        text: set(node.path, items(value, max, 't'))
      });
      out.hostile.push({
        name: `${where} with ${max + 1} items`,
        text: set(node.path, items(value, max + 1, 't')),
        path: where,
        code: 'bad-value',
        schema: true
      });
    }
    if (
      shape.kind === 'string' &&
      shape.lowerCase &&
      typeof value === 'string' &&
      value.toUpperCase() !== value
    ) {
      out.hostile.push({
        name: `${where} in upper case`,
        text: set(node.path, value.toUpperCase()),
        path: where,
        code: 'bad-value',
        schema: true
      });
    }
  }
  return out;
}
