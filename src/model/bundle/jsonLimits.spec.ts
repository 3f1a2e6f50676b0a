import { IBundleLimits, UNTRANSLATED } from './bundleFormat';
import { IssueCollector } from './issues';
import { checkJsonLimits } from './jsonLimits';

const LIMITS: IBundleLimits = {
  maxBytes: 1_000_000,
  maxRuns: 10,
  maxStringLength: 8,
  maxDepth: 6,
  maxKeysPerObject: 3
};

/** The issues (code and path) found under `value`, checked as a run (level 3). */
function issuesOf(value: unknown): string[] {
  const c = new IssueCollector(UNTRANSLATED);
  c.path.push('runs', 0);
  checkJsonLimits(value, 3, LIMITS, c);
  return c.issues.map(issue => `${issue.code} ${issue.path}`);
}

/** A record nested `levels` objects deep, ending in `leaf`. */
function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) {
    value = { a: value };
  }
  return value;
}

describe('checkJsonLimits', () => {
  it.each<[string, unknown, string[]]>([
    ['a value within every limit', { id: 'r', p: [1, 'ok', null] }, []],
    ['an absent (undefined) member', { id: 'r', note: undefined }, []],
    [
      'a long text deep down',
      { p: { x: [1, 'ninechars'] } },
      ['string-too-long /runs/0/p/x/1']
    ],
    ['a long key', { p: { longerkey: 1 } }, ['string-too-long /runs/0/p']],
    ['a non-finite number', { p: [0, NaN] }, ['not-finite /runs/0/p/1']],
    ['a function', { p: { f: () => 1 } }, ['wrong-type /runs/0/p/f']],
    ['a hole in a list', { p: [1, undefined] }, ['wrong-type /runs/0/p/1']],
    [
      'too many members',
      { p: { a: 1, b: 2, c: 3, d: 4 } },
      ['too-many-keys /runs/0/p']
    ],
    [
      'a forbidden key',
      { p: JSON.parse('{"__proto__": 1}') },
      ['forbidden-key /runs/0/p/__proto__']
    ],
    ['nesting below maxDepth', nested(3, 1), []],
    ['nesting beyond maxDepth', nested(5, 1), ['too-deep /runs/0/a/a/a/a']],
    [
      'two problems in different members',
      { a: 'ninechars', b: [Infinity] },
      ['string-too-long /runs/0/a', 'not-finite /runs/0/b/0']
    ]
  ])('%s', (_, value, expected) => {
    expect(issuesOf(value)).toEqual(expected);
  });

  it('checks own members only, not inherited ones', () => {
    const base = { inherited: 'far too long a text' };
    const value = Object.create(base) as Record<string, unknown>;
    value.own = 1;
    expect(issuesOf(value)).toEqual([]);
    value.own = 'ninechars';
    expect(issuesOf(value)).toEqual(['string-too-long /runs/0/own']);
  });
});
