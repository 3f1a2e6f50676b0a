/**
 * Hostile bundles beyond JSON Schema: prototype keys, deep nesting,
 * non-finite numbers, long strings, too many members, runs or bytes.
 */
import { IHostileCase } from './hostileCase';
import {
  JsonObject,
  mutated,
  nested,
  pointer,
  resealText,
  seal,
  Segments,
  setAt
} from './corpusBase';

/** Places holding objects, for prototype keys. */
const OBJECT_PLACES: Segments[] = [
  [],
  ['exported_by'],
  ['runs', 0],
  ['runs', 1, 'experiment'],
  ['runs', 1, 'params'],
  ['runs', 1, 'params', 'lr'],
  ['runs', 1, 'params', 'config', 'value', 1],
  ['runs', 1, 'metrics'],
  ['runs', 1, 'metrics', 'loss'],
  ['runs', 1, 'cells', 1],
  ['runs', 1, 'cells', 1, 'outputs', 1],
  ['runs', 1, 'cells', 1, 'outputs', 1, 'data'],
  ['runs', 1, 'cells', 1, 'outputs', 2, 'data', 'application/json'],
  ['runs', 1, 'context'],
  ['runs', 1, 'context', 'kernel'],
  ['runs', 1, 'annotations'],
  ['runs', 1, 'partial'],
  ['runs', 1, 'origin']
];

export function limitCases(base: JsonObject): IHostileCase[] {
  const cases: IHostileCase[] = [];
  for (const place of OBJECT_PLACES) {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const bad = mutated(base, copy =>
        setAt(copy, [...place, key], { polluted: true })
      );
      cases.push({
        name: `key ${key} in ${pointer(place) || 'the bundle'}`,
        text: seal(bad),
        path: pointer([...place, key]),
        code: 'forbidden-key',
        schema: false
      });
    }
  }
  const text = seal(base);
  const escaped = resealText(
    text.replace('"note":', '"\\u005f_proto__":{"isAdmin":true},"note":')
  );
  cases.push({
    name: 'an escaped __proto__ key in the text',
    text: escaped,
    path: '/runs/0/annotations/__proto__',
    code: 'forbidden-key',
    schema: false
  });
  const literal = resealText(
    text.replace('"status":', '"__proto__":{"toString":1},"status":')
  );
  cases.push({
    name: 'a literal __proto__ member in the text',
    text: literal,
    path: '/runs/0/cells/0/__proto__',
    code: 'forbidden-key',
    schema: false
  });

  for (const place of [
    ['runs', 1, 'params', 'lr', 'value'],
    ['runs', 1, 'context', 'deep'],
    ['runs', 0, 'cells', 1, 'outputs', 2, 'data', 'application/json'],
    ['extra']
  ] as Segments[]) {
    for (const depth of [65, 500]) {
      cases.push({
        name: `${depth} nested arrays at ${pointer(place)}`,
        text: seal(mutated(base, copy => setAt(copy, place, nested(depth)))),
        path: pointer(place),
        code: 'too-deep',
        schema: false
      });
    }
  }
  // One level past the valid corpus' deepest value (64 levels).
  const boundary: Segments = ['runs', 0, 'params', 'lr', 'value'];
  cases.push({
    name: '65 levels in all',
    text: seal(mutated(base, copy => setAt(copy, boundary, nested(60)))),
    path: pointer(boundary),
    code: 'too-deep',
    schema: false
  });
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  cases.push({
    name: '100,000 nested arrays',
    text: deep,
    path: '',
    code: 'too-deep',
    schema: false
  });
  const deepInRun = text.replace(
    '"value":0.9}',
    `"value":0.9,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
  );
  cases.push({
    name: '100,000 nested arrays inside a metric',
    text: deepInRun,
    path: '/runs/0/metrics/val~1accuracy/x',
    code: 'too-deep',
    schema: false
  });
  cases.push({
    name: '100,000 unclosed objects',
    text: '{"a":'.repeat(100_000),
    path: '',
    code: 'too-deep',
    schema: false
  });

  // JSON.parse reads 1e999 as Infinity, which has no canonical text: the
  // checksum is computed over the file text instead, as the docs' verifier does.
  for (const number of ['1e999', '-1e999']) {
    for (const [find, path] of [
      ['"value":0.9}', '/runs/0/metrics/val~1accuracy/value'],
      ['"duration_ms":5001,', '/runs/1/duration_ms'],
      ['"type":"int","value":0}', '/runs/0/params/layers/value']
    ]) {
      const changed = find.replace(/\d+(\.\d+)?/, number);
      cases.push({
        name: `${number} at ${path}`,
        text: resealText(text.replace(find, changed)),
        path,
        code: 'not-finite',
        schema: false
      });
    }
  }

  const long = 'x'.repeat(1001);
  const small = { maxStringLength: 1000 };
  for (const path of [
    ['runs', 2, 'notebook_path'],
    ['runs', 1, 'params', 'lr', 'source'],
    ['runs', 1, 'cells', 1, 'outputs', 0, 'text'],
    ['exported_by', 'user']
  ] as Segments[]) {
    cases.push({
      name: `a 1001-character string at ${pointer(path)}`,
      text: seal(mutated(base, copy => setAt(copy, path, long))),
      path: pointer(path),
      code: 'string-too-long',
      schema: false,
      limits: small
    });
  }
  cases.push({
    name: 'a 1001-character key',
    text: seal(
      mutated(base, copy =>
        setAt(copy, ['runs', 1, 'metrics', long], { value: 1 })
      )
    ),
    path: '/runs/1/metrics',
    code: 'string-too-long',
    schema: false,
    limits: small
  });
  cases.push({
    name: 'a string over the default limit',
    text: seal(
      mutated(base, copy =>
        setAt(copy, ['runs', 0, 'annotations', 'note'], 'y'.repeat(10_000_001))
      )
    ),
    path: '/runs/0/annotations/note',
    code: 'string-too-long',
    schema: false
  });

  const manyParams: JsonObject = {};
  for (let i = 0; i < 51; i++) {
    manyParams[`p${i}`] = { value: i, source: String(i), type: 'int' };
  }
  cases.push({
    name: '51 params over a limit of 50',
    text: seal(
      mutated(base, copy => setAt(copy, ['runs', 1, 'params'], manyParams))
    ),
    path: '/runs/1/params',
    code: 'too-many-keys',
    schema: false,
    limits: { maxKeysPerObject: 50 }
  });
  cases.push({
    name: '3 runs over a limit of 2',
    text,
    path: '/runs',
    code: 'too-many-runs',
    schema: false,
    limits: { maxRuns: 2 }
  });
  cases.push({
    name: 'a file over the byte limit',
    text: text + ' '.repeat(10),
    path: '',
    code: 'too-large',
    schema: false,
    limits: { maxBytes: text.length }
  });
  const wide = seal(
    mutated(base, copy =>
      setAt(copy, ['runs', 0, 'annotations', 'note'], '中'.repeat(2000))
    )
  );
  cases.push({
    name: 'a file whose UTF-8 bytes exceed the limit though its characters do not',
    text: wide,
    path: '',
    code: 'too-large',
    schema: false,
    limits: { maxBytes: wide.length + 2000 }
  });
  return cases;
}
