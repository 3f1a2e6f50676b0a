/**
 * Valid bundles that differ from the base in the ways the format allows:
 * optional fields left out, nulls where allowed, every accepted date-time
 * spelling, unknown fields beside known ones, boundary numbers.
 */
import { RUN_SHAPE } from '../bundleShapes';
import { recordLimitCases } from './recordLimitCorpus';
import {
  baseBundle,
  Json,
  JsonObject,
  mutated,
  pointer,
  seal,
  Segments,
  setAt
} from './corpusBase';

export interface IValidCase {
  name: string;
  text: string;
}

/** Date-times RFC 3339 (and JSON Schema's `date-time`) accept. */
export const VALID_DATE_TIMES = [
  '2025-01-31T12:00:00Z',
  '2025-01-31t12:00:00z',
  '2025-01-31 12:00:00+01:00',
  '2025-01-31\t12:00:00-05:30',
  '2025-01-31T12:00:00.123456789+0530',
  '2025-01-31T12:00:00+05',
  '2024-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '2016-12-31T23:59:60Z',
  '2017-01-01T00:59:60+01:00',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z'
];

/** Strings that look like date-times but are not. */
export const INVALID_DATE_TIMES = [
  '2025-02-29T00:00:00Z',
  '1900-02-29T00:00:00Z',
  '2025-04-31T00:00:00Z',
  '2025-00-10T00:00:00Z',
  '2025-01-31T24:00:00Z',
  '2025-01-31T12:60:00Z',
  '2025-01-31T12:00:60Z',
  '2025-01-31T12:00:00+24:00',
  '2025-01-31T12:00:00+01:60',
  '2025-01-31T12:00Z',
  '2025-01-31T12:00:00.Z',
  '2025-01-31T12:00:00,5Z',
  '2025-01-31T12:00:00',
  '2025-01-31',
  '25-01-31T12:00:00Z',
  '2025-1-31T12:00:00Z',
  '2025-01-31TT12:00:00Z',
  ' 2025-01-31T12:00:00Z',
  '2025-01-31T12:00:00Z ',
  '２０２５-01-31T12:00:00Z',
  'Fri, 31 Jan 2025 12:00:00 GMT'
];

/** Optional members of run 1 (which has them all), by path. */
function optionalPaths(value: Json, path: Segments): Segments[] {
  const out: Segments[] = [];
  const visit = (node: Json, shape: typeof RUN_SHAPE, at: Segments) => {
    for (const key of Object.keys(shape.optional ?? {})) {
      if (node && typeof node === 'object' && key in node) {
        out.push([...at, key]);
      }
    }
    for (const [key, member] of Object.entries(shape.required)) {
      const child = (node as JsonObject)[key];
      if (member.kind === 'object') {
        visit(child, member, [...at, key]);
      } else if (member.kind === 'map' && member.values.kind === 'object') {
        for (const name of Object.keys(child as JsonObject)) {
          visit((child as JsonObject)[name], member.values, [...at, key, name]);
        }
      } else if (member.kind === 'array' && member.items.kind === 'object') {
        (child as Json[]).forEach((item, index) =>
          visit(item, member.items as typeof RUN_SHAPE, [...at, key, index])
        );
      }
    }
  };
  visit(value, RUN_SHAPE, path);
  return out;
}

export function validCorpus(): IValidCase[] {
  const base = baseBundle();
  const cases: IValidCase[] = [{ name: 'the base bundle', text: seal(base) }];
  const add = (name: string, edit: (copy: JsonObject) => void) =>
    cases.push({ name, text: seal(mutated(base, edit)) });

  for (const path of optionalPaths((base.runs as Json[])[1], ['runs', 1])) {
    add(`without optional ${pointer(path)}`, copy =>
      setAt(copy, path, undefined)
    );
  }
  add('without exported_by', copy => setAt(copy, ['exported_by'], undefined));
  add('without exported_by.user', copy =>
    setAt(copy, ['exported_by', 'user'], undefined)
  );
  add('no runs', copy => setAt(copy, ['runs'], []));
  for (const path of [
    ['ended_at'],
    ['duration_ms'],
    ['cells', 0, 'execution_count'],
    ['cells', 1, 'duration_ms']
  ]) {
    add(`null ${pointer(path)}`, copy =>
      setAt(copy, ['runs', 1, ...path], null)
    );
  }
  for (const date of VALID_DATE_TIMES) {
    add(`exported_at ${JSON.stringify(date)}`, copy =>
      setAt(copy, ['exported_at'], date)
    );
    add(`started_at ${JSON.stringify(date)}`, copy =>
      setAt(copy, ['runs', 0, 'started_at'], date)
    );
  }
  for (const path of [
    [],
    ['runs', 0],
    ['runs', 1, 'experiment'],
    ['runs', 1, 'params', 'lr'],
    ['runs', 1, 'metrics', 'loss'],
    ['runs', 1, 'cells', 1],
    ['runs', 1, 'context', 'kernel'],
    ['runs', 1, 'annotations'],
    ['runs', 1, 'origin'],
    ['exported_by']
  ] as Segments[]) {
    add(`an unknown field in ${pointer(path) || 'the bundle'}`, copy =>
      setAt(copy, [...path, 'added_later'], { any: ['json', 1, null] })
    );
  }
  add('a large run number', copy =>
    setAt(copy, ['runs', 0, 'number'], 2 ** 53 - 1)
  );
  add('zero durations', copy => {
    setAt(copy, ['runs', 0, 'duration_ms'], 0);
    setAt(copy, ['runs', 0, 'cells', 1, 'duration_ms'], 0);
  });
  add('a negative execution count', copy =>
    setAt(copy, ['runs', 0, 'cells', 1, 'execution_count'], -1)
  );
  add('empty texts where allowed', copy => {
    setAt(copy, ['runs', 0, 'notebook_path'], '');
    setAt(copy, ['runs', 0, 'experiment', 'name'], '');
    setAt(copy, ['runs', 0, 'params', 'lr', 'source'], '');
  });
  add('an output of an unknown type', copy =>
    setAt(copy, ['runs', 0, 'cells', 1, 'outputs', 0], {
      output_type: 'from_the_future'
    })
  );
  add('params and metrics named like numbers', copy => {
    setAt(copy, ['runs', 0, 'params', '10'], {
      value: 10,
      source: '10',
      type: 'int'
    });
    setAt(copy, ['runs', 0, 'params', '9'], {
      value: 9,
      source: '9',
      type: 'int'
    });
    setAt(copy, ['runs', 0, 'metrics', '0'], { value: 0 });
  });
  // Bundle, runs, run, params, lr: 5 levels; 59 arrays make 64, the default limit.
  add('59 nested arrays in a value (64 levels in all)', copy => {
    let value: Json = 1;
    for (let i = 0; i < 59; i++) {
      value = [value];
    }
    setAt(copy, ['runs', 0, 'params', 'lr', 'value'], value);
  });
  cases.push(...recordLimitCases(base).valid);
  return cases;
}
