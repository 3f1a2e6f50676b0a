import type { IRunRecord } from '../types';
import {
  DEFAULT_BUNDLE_LIMITS,
  IBundleLimits,
  UNTRANSLATED
} from './bundleFormat';
import { RUN_SHAPE } from './bundleShapes';
import { checkShape } from './bundleValidation';
import { canonicalCopy, canonicalJson } from './canonicalJson';
import { IssueCollector } from './issues';
import { checkJsonLimits } from './jsonLimits';
import { canonicalCopyWithin, withinShapeAndLimits } from './shapeLimits';
import { fullRun, reverseKeys, wideRun } from './__tests__/bundleFixtures';
import { hostileCorpus } from './__tests__/hostileCorpus';
import { validCorpus } from './__tests__/validCorpus';

/** Issue codes of the reporting walks, as the reader runs them on a run. */
function reportedCodes(run: unknown, limits: IBundleLimits): string[] {
  const c = new IssueCollector(UNTRANSLATED);
  checkJsonLimits(run, 3, limits, c);
  if (!c.issues.length) {
    checkShape(run, RUN_SHAPE, c);
  }
  return c.issues.map(issue => issue.code);
}

/** The runs of a bundle text that parses, else none. */
function runsOf(text: string): unknown[] {
  try {
    const runs = (JSON.parse(text) as { runs?: unknown }).runs;
    return Array.isArray(runs) ? runs : [];
  } catch {
    return [];
  }
}

const hostileRuns = hostileCorpus().flatMap(item =>
  runsOf(item.text).map(
    (run, index) =>
      [
        `${item.name} #${index}`,
        run,
        { ...DEFAULT_BUNDLE_LIMITS, ...item.limits }
      ] as const
  )
);

const validRuns = [
  ...validCorpus().flatMap(item =>
    runsOf(item.text).map((run, index) => [`${item.name} #${index}`, run])
  ),
  ...[0, 1, 2, 3].map(index => [`fullRun(${index})`, fullRun(index)]),
  ['wideRun(5)', wideRun(5)],
  ['fullRun(1), members reversed', reverseKeys(fullRun(1))]
] as [string, unknown][];

describe('withinShapeAndLimits', () => {
  it('sees runs of the hostile corpus', () => {
    expect(hostileRuns.length).toBeGreaterThan(1000);
  });

  it.each(hostileRuns)(
    'passes %s only when the reporting walks find nothing',
    (_, run, limits) => {
      if (withinShapeAndLimits(run, RUN_SHAPE, 3, limits)) {
        expect(reportedCodes(run, limits)).toEqual([]);
      }
    }
  );

  it.each(validRuns)('passes %s', (_, run) => {
    expect(withinShapeAndLimits(run, RUN_SHAPE, 3, DEFAULT_BUNDLE_LIMITS)).toBe(
      true
    );
    expect(reportedCodes(run, DEFAULT_BUNDLE_LIMITS)).toEqual([]);
  });
});

describe('canonicalCopyWithin', () => {
  it.each(validRuns)('copies %s as canonicalJson writes it', (_, run) => {
    const copy = canonicalCopyWithin(run, RUN_SHAPE, 3, DEFAULT_BUNDLE_LIMITS);
    if (copy === undefined) {
      // Only where canonicalJson itself writes member by member.
      expect(canonicalCopy(run)).toBeUndefined();
    } else {
      expect(JSON.stringify(copy)).toBe(canonicalJson(run));
    }
  });

  it('shares subtrees that already are in canonical order', () => {
    const run = JSON.parse(canonicalJson(fullRun(2))) as IRunRecord;
    const copy = canonicalCopyWithin(run, RUN_SHAPE, 3, DEFAULT_BUNDLE_LIMITS);
    expect(copy).toBe(run);
  });
});

/** In-memory runs the corpora (parsed JSON) cannot hold. */
const inMemory: [string, (run: IRunRecord) => unknown, boolean, boolean][] = [
  // [name, make, the fast check passes, the reporting walks find nothing]
  [
    'an undefined optional member',
    run => ({ ...run, status_reason: undefined }),
    true,
    true
  ],
  [
    'an undefined required member',
    run => ({ ...run, notebook_path: undefined }),
    false,
    false
  ],
  [
    'an undefined parameter record',
    run => ({ ...run, params: { ...run.params, lr: undefined } }),
    false,
    false
  ],
  [
    'an inherited required member',
    run => {
      const { notebook_path, ...rest } = run;
      return Object.assign(Object.create({ notebook_path }), rest);
    },
    false,
    true
  ],
  [
    'integer keys in a parameter value',
    run => ({
      ...run,
      params: {
        ...run.params,
        lr: { ...run.params.lr, value: { '10': 1, '9': 2, a: 3 } }
      }
    }),
    true,
    true
  ]
];

describe('the fast paths on in-memory runs', () => {
  it.each(inMemory)('%s', (_, make, passes, valid) => {
    const run = make(fullRun(1));
    const limits = DEFAULT_BUNDLE_LIMITS;
    expect(withinShapeAndLimits(run, RUN_SHAPE, 3, limits)).toBe(passes);
    expect(reportedCodes(run, limits).length === 0).toBe(valid);
    const copy = canonicalCopyWithin(run, RUN_SHAPE, 3, limits);
    if (copy !== undefined) {
      expect(JSON.stringify(copy)).toBe(canonicalJson(run));
    }
  });

  it('leaves a value with integer keys to canonicalJson', () => {
    const [, make] = inMemory[4];
    const run = make(fullRun(1));
    expect(
      canonicalCopyWithin(run, RUN_SHAPE, 3, DEFAULT_BUNDLE_LIMITS)
    ).toBeUndefined();
  });
});
