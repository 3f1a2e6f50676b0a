/**
 * A generated corpus of malformed and hostile bundles: a valid bundle
 * mutated systematically. Each case names the spot the reader must point
 * at, and whether JSON Schema alone must reject it too (limits, checksums,
 * prototype keys and duplicate ids are beyond JSON Schema).
 */
import type { BundleIssueCode } from '../bundleFormat';
import {
  baseBundle,
  clone,
  getAt,
  Json,
  JsonObject,
  mutated,
  pointer,
  seal,
  Segments,
  setAt,
  unsealed,
  withChecksum
} from './corpusBase';
import { IHostileCase, label } from './hostileCase';
import { limitCases } from './limitCorpus';
import { recordLimitCases } from './recordLimitCorpus';
import { shapeCases } from './shapeCorpus';
import { INVALID_DATE_TIMES } from './validCorpus';

export type { IHostileCase } from './hostileCase';

function envelopeCases(base: JsonObject): IHostileCase[] {
  const edit = (path: Segments, value: Json | undefined) =>
    mutated(base, copy => setAt(copy, path, value));
  const cases: IHostileCase[] = [];
  const add = (
    name: string,
    text: string,
    path: string,
    schema: boolean,
    code?: BundleIssueCode
  ) => cases.push({ name, text, path, schema, code });

  for (const field of ['format', 'version', 'exported_at', 'runs']) {
    add(`without /${field}`, seal(edit([field], undefined)), `/${field}`, true);
  }
  add(
    'without /checksum',
    unsealed(base),
    '/checksum',
    true,
    'checksum-missing'
  );
  for (const bad of [
    'runlog',
    'RUNLOG-BUNDLE',
    '',
    1,
    null,
    ['runlog-bundle']
  ]) {
    add(`format = ${label(bad)}`, seal(edit(['format'], bad)), '/format', true);
  }
  for (const bad of [0, -1, 1.5, '1', null, true, [1]]) {
    add(
      `version = ${label(bad)}`,
      seal(edit(['version'], bad)),
      '/version',
      true,
      'bad-version'
    );
  }
  for (const bad of [2, 3, 99, 1e300]) {
    const future = edit(['version'], bad);
    add(
      `future version ${bad}`,
      seal(future),
      '/version',
      true,
      'newer-version'
    );
  }
  for (const bad of [
    ...INVALID_DATE_TIMES,
    'now',
    1735689600,
    null,
    '2025-01-32T00:00:00Z'
  ]) {
    add(
      `exported_at = ${label(bad)}`,
      seal(edit(['exported_at'], bad)),
      '/exported_at',
      true
    );
  }
  for (const [path, bad] of [
    [['exported_by'], 'jupyterlab-runlog 0.1.0'],
    [['exported_by'], []],
    [['exported_by', 'app'], undefined],
    [['exported_by', 'version'], undefined],
    [['exported_by', 'version'], 1],
    [['exported_by', 'user'], null]
  ] as [Segments, Json | undefined][]) {
    add(
      `exported_by ${pointer(path)} = ${label(bad ?? 'dropped')}`,
      seal(edit(path, bad)),
      pointer(path),
      true
    );
  }
  for (const bad of [
    'sha256:xyz',
    'md5:' + '0'.repeat(32),
    'sha256:' + 'A'.repeat(64),
    'sha256:' + '0'.repeat(63),
    '0'.repeat(64),
    42,
    null
  ]) {
    add(
      `checksum = ${label(bad)}`,
      withChecksum(base, bad),
      '/checksum',
      true,
      'checksum-malformed'
    );
  }
  for (const bad of [{}, 'runs', null, 3]) {
    add(`runs = ${label(bad)}`, seal(edit(['runs'], bad)), '/runs', true);
  }
  for (const bad of [1, 'run', true]) {
    add(
      `runs/1 = ${label(bad)}`,
      seal(edit(['runs', 1], bad)),
      '/runs/1',
      true
    );
  }
  for (const text of [
    '[]',
    '1',
    '"runlog-bundle"',
    'null',
    'true',
    '[{"format":"runlog-bundle"}]'
  ]) {
    add(`top level ${text}`, text, '', true, 'not-object');
  }
  add(
    'a notebook',
    JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
    '/format',
    true
  );
  return cases;
}

/** Content changed after sealing; a wrong checksum; duplicate run ids. */

function integrityCases(base: JsonObject): IHostileCase[] {
  const text = seal(base);
  const cases: IHostileCase[] = [];
  const add = (name: string, changed: string) =>
    cases.push({
      name,
      text: changed,
      path: '/checksum',
      code: 'checksum-mismatch',
      schema: false
    });
  const hexAt = text.indexOf('sha256:') + 7;
  add(
    'one checksum digit changed',
    text.slice(0, hexAt) +
      (text[hexAt] === '0' ? '1' : '0') +
      text.slice(hexAt + 1)
  );
  add('a run number changed', text.replace('"number":2,', '"number":20,'));
  add('a note changed', text.replace('"note":"note ', '"note":"Note '));
  add('a tag added', text.replace('"tags":[]', '"tags":["x"]'));
  add('the last run removed', text.replace(/,\n[^\n]*\n\]/, '\n]'));
  add(
    'two runs swapped',
    (() => {
      const lines = text.split('\n');
      [lines[1], lines[2]] = [lines[2], lines[1]];
      return lines.join('\n');
    })()
  );
  add(
    'the checksum of another bundle',
    withChecksum(base, JSON.parse(seal({ ...base, runs: [] })).checksum)
  );
  const withSameIds = mutated(base, copy =>
    setAt(copy, ['runs', 2, 'id'], getAt(copy, ['runs', 0, 'id']))
  );
  cases.push({
    name: 'a duplicate run id',
    text: seal(withSameIds),
    path: '/runs/2/id',
    code: 'duplicate-id',
    schema: false
  });
  const twice = mutated(base, copy =>
    (copy.runs as Json[]).push(clone((copy.runs as Json[])[1]))
  );
  cases.push({
    name: 'the same run twice',
    text: seal(twice),
    path: '/runs/3/id',
    code: 'duplicate-id',
    schema: false
  });
  return cases;
}

/** Places holding objects, for prototype keys and deep values. */

function syntaxCases(base: JsonObject): IHostileCase[] {
  const text = seal(base);
  const cases: IHostileCase[] = [];
  const end = text.lastIndexOf('}');
  for (let i = 1; i <= 24; i++) {
    const cut = Math.floor((end * i) / 25);
    cases.push({
      name: `cut at ${cut} of ${text.length}`,
      text: text.slice(0, cut),
      path: '',
      code: 'not-json',
      schema: false
    });
  }
  for (const bad of [
    '',
    ' ',
    'hello',
    '{',
    '{"format":"runlog-bundle",}',
    "{'format':'runlog-bundle'}",
    'NaN',
    '[1,2',
    '{"a":1}{"b":2}',
    text.replace('"version":1', '"version":01'),
    text.replace('"status":', 'status:'),
    text + 'x'
  ]) {
    cases.push({
      name: `not JSON: ${bad.slice(0, 30)}`,
      text: bad,
      path: '',
      code: 'not-json',
      schema: false
    });
  }
  return cases;
}

/** At least 500 bundles that must all be refused. */
export function hostileCorpus(): IHostileCase[] {
  const base = baseBundle();
  return [
    ...shapeCases(base),
    ...recordLimitCases(base).hostile,
    ...envelopeCases(base),
    ...integrityCases(base),
    ...limitCases(base),
    ...syntaxCases(base)
  ];
}
