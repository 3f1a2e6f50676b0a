import {
  ALL_ORIGINS,
  CAPTURED_HERE,
  IOriginCarrier,
  listOrigins,
  matchesOrigin,
  OriginTally,
  originKey,
  originPredicate
} from './runOrigin';
import type { IRunOrigin } from '../types';

function imported(
  kind: IRunOrigin['kind'],
  file: string,
  extra: Partial<IRunOrigin> = {}
): IOriginCarrier {
  return {
    origin: { kind, file, imported_at: '2024-05-01T10:00:00.000Z', ...extra }
  };
}

const HERE: IOriginCarrier = {};
const BUNDLE_A = imported('bundle', 'shared/a.runlog.json');
const BUNDLE_A_LATER = imported('bundle', 'shared/a.runlog.json', {
  imported_at: '2024-06-01T00:00:00.000Z',
  exported_by: 'ana'
});
const BUNDLE_B = imported('bundle', 'b.runlog.json');
const PAPERMILL = imported('papermill', 'sweeps/out-2.ipynb');

describe('originKey', () => {
  it.each<[string, string, IOriginCarrier]>([
    ['a run captured here', 'here', HERE],
    ['a bundle run', 'bundle:shared/a.runlog.json', BUNDLE_A],
    ['a later import of it', 'bundle:shared/a.runlog.json', BUNDLE_A_LATER],
    ['a papermill run', 'papermill:sweeps/out-2.ipynb', PAPERMILL],
    ['a file named like a key', 'bundle:here', imported('bundle', 'here')],
    ['a file with a colon', 'bundle:c:d.json', imported('bundle', 'c:d.json')]
  ])('of %s is %j', (_, expected, run) => {
    expect(originKey(run)).toBe(expected);
  });
});

describe('matchesOrigin', () => {
  const runs: [string, IOriginCarrier][] = [
    ['here', HERE],
    ['a', BUNDLE_A],
    ['a-later', BUNDLE_A_LATER],
    ['b', BUNDLE_B],
    ['papermill', PAPERMILL],
    ['colon', imported('bundle', 'c:d.json')],
    ['named-here', imported('bundle', 'here')]
  ];

  it.each<[string, string[]]>([
    [ALL_ORIGINS, runs.map(([name]) => name)],
    [CAPTURED_HERE, ['here']],
    ['bundle:shared/a.runlog.json', ['a', 'a-later']],
    ['bundle:b.runlog.json', ['b']],
    ['papermill:sweeps/out-2.ipynb', ['papermill']],
    // Same file name, other kind: a different origin.
    ['bundle:sweeps/out-2.ipynb', []],
    ['bundle:c:d.json', ['colon']],
    ['bundle:here', ['named-here']],
    ['nonsense', []],
    [':b.runlog.json', []]
  ])('filter %j lets through %j', (filter, expected) => {
    const passed = runs
      .filter(([, run]) => matchesOrigin(run, filter))
      .map(([name]) => name);
    expect(passed).toEqual(expected);
    const predicate = originPredicate(filter);
    expect(predicate === null).toBe(filter === ALL_ORIGINS);
  });
});

describe('OriginTally', () => {
  it('lists captured here first, then imported files by name with counts', () => {
    const entries = listOrigins([
      PAPERMILL,
      BUNDLE_B,
      HERE,
      BUNDLE_A,
      imported('papermill', 'sweeps/out-10.ipynb'),
      BUNDLE_A_LATER,
      HERE,
      HERE
    ]);
    expect(
      entries.map(({ key, kind, file, name, count }) => [
        key,
        kind,
        file,
        name,
        count
      ])
    ).toEqual([
      ['here', 'here', null, null, 3],
      [
        'bundle:shared/a.runlog.json',
        'bundle',
        'shared/a.runlog.json',
        'a.runlog.json',
        2
      ],
      ['bundle:b.runlog.json', 'bundle', 'b.runlog.json', 'b.runlog.json', 1],
      [
        'papermill:sweeps/out-2.ipynb',
        'papermill',
        'sweeps/out-2.ipynb',
        'out-2.ipynb',
        1
      ],
      [
        'papermill:sweeps/out-10.ipynb',
        'papermill',
        'sweeps/out-10.ipynb',
        'out-10.ipynb',
        1
      ]
    ]);
  });

  it('names files by their path when two share a base name', () => {
    const entries = listOrigins([
      imported('bundle', 'team/x.runlog.json'),
      imported('bundle', 'mine/x.runlog.json'),
      imported('bundle', 'y.runlog.json')
    ]);
    expect(entries.map(entry => entry.name)).toEqual([
      'mine/x.runlog.json',
      'team/x.runlog.json',
      'y.runlog.json'
    ]);
  });

  it('keeps counts as runs are added, replaced and removed', () => {
    const tally = new OriginTally([HERE, HERE, BUNDLE_A]);
    expect([tally.total, tally.imported]).toEqual([3, 1]);
    expect(tally.count(ALL_ORIGINS)).toBe(3);
    expect(tally.count(CAPTURED_HERE)).toBe(2);

    tally.add(PAPERMILL);
    tally.add(BUNDLE_A_LATER);
    expect(tally.count('bundle:shared/a.runlog.json')).toBe(2);
    expect([tally.total, tally.imported]).toEqual([5, 3]);

    // A run rewritten with another origin moves between the counts.
    tally.remove(HERE);
    tally.add(BUNDLE_B);
    expect(tally.count(CAPTURED_HERE)).toBe(1);
    expect(tally.count('bundle:b.runlog.json')).toBe(1);

    tally.remove(PAPERMILL);
    expect(tally.entries().map(entry => entry.key)).toEqual([
      'here',
      'bundle:shared/a.runlog.json',
      'bundle:b.runlog.json'
    ]);
    // Removing what was never counted changes nothing.
    tally.remove(PAPERMILL);
    expect(tally.total).toBe(4);
  });

  it('has no imported runs when every run was captured here', () => {
    const tally = new OriginTally([HERE, HERE]);
    expect(tally.imported).toBe(0);
    expect(tally.entries()).toEqual([
      { key: 'here', kind: 'here', file: null, name: null, count: 2 }
    ]);
    expect(new OriginTally().entries()).toEqual([]);
  });

  it('counts 100,000 runs looking at each run a bounded number of times', () => {
    // Linear time: each run's origin is read a few times to tally it and once
    // or twice to filter it, never once per other run or per origin.
    let reads = 0;
    const runs = Array.from({ length: 100_000 }, (_, i): IOriginCarrier => {
      const origin =
        i % 3 === 0 ? undefined : imported('bundle', `f${i % 7}.runlog.json`);
      return {
        get origin() {
          reads++;
          return origin?.origin;
        }
      };
    });
    const tally = new OriginTally(runs);
    const tallyReads = reads;
    reads = 0;
    const kept = runs.filter(
      originPredicate('bundle:f3.runlog.json') ?? (() => true)
    );
    expect(tally.count(CAPTURED_HERE)).toBe(33_334);
    expect(kept.length).toBe(tally.count('bundle:f3.runlog.json'));
    expect(tally.entries()).toHaveLength(8);
    expect(tallyReads).toBeLessThanOrEqual(2 * runs.length);
    expect(reads).toBeLessThanOrEqual(3 * runs.length);
  });
});
