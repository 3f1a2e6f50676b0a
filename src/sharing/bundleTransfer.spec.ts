import 'fake-indexeddb/auto';
import { nullTranslator } from '@jupyterlab/translation';
import { DEFAULT_BUNDLE_LIMITS, writeBundle } from '../model/bundle';
import { hostileCorpus } from '../model/bundle/__tests__/hostileCorpus';
import { baseBundle, seal } from '../model/bundle/__tests__/corpusBase';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import type { IRunRecord } from '../model/types';
import { makeRun, makeStore } from '../store/__tests__/fixtures';
import type { IndexedDBRunStore } from '../store/runStore';
import { describeImport, exportRuns, importBundleText } from './bundleTransfer';

const trans = nullTranslator.load('jupyterlab_runlog');
const options = {
  trans,
  redaction: DEFAULT_REDACTION_OPTIONS,
  limits: DEFAULT_BUNDLE_LIMITS
};

/** Everything the store holds, to compare before and after. */
async function snapshot(store: IndexedDBRunStore): Promise<string> {
  const experiments = await store.listExperiments();
  const runs: IRunRecord[] = [];
  for (const experiment of experiments) {
    const summaries = await store.listRuns(experiment.id);
    runs.push(...(await store.getRuns(summaries.map(run => run.id))));
  }
  return JSON.stringify({ experiments, runs });
}

describe('exportRuns and importBundleText', () => {
  let store: IndexedDBRunStore;
  afterEach(() => store?.dispose());

  it('round-trips runs into another store, with origin and redaction', async () => {
    store = makeStore();
    const secret = 'sk-proj-' + 'Zq8'.repeat(12) + 'T3BlbkFJ' + 'x9'.repeat(10);
    const runs = [
      makeRun({ number: 1 }),
      makeRun({
        number: 2,
        params: {
          api_key: { value: secret, source: `"${secret}"`, type: 'str' },
          lr: { value: 0.1, source: '0.1', type: 'float' }
        }
      })
    ];
    await store.importRuns(runs);
    const exported = await exportRuns(
      store,
      runs.map(run => run.id),
      { ...options, user: 'ada' }
    );
    expect(exported.runCount).toBe(2);
    expect(exported.text).not.toContain(secret);
    expect(exported.redactedCount).toBe(1);

    const other = makeStore();
    try {
      const outcome = await importBundleText(
        other,
        exported.text,
        'x.runlog.json',
        {
          ...options,
          importedAt: '2026-11-27T12:00:00.000Z'
        }
      );
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) {
        return;
      }
      expect(outcome.result.added).toHaveLength(2);
      const imported = await other.getRun(runs[1].id);
      expect(imported?.origin).toEqual({
        kind: 'bundle',
        file: 'x.runlog.json',
        imported_at: '2026-11-27T12:00:00.000Z',
        exported_at: expect.any(String),
        exported_by: 'ada'
      });
      expect(imported?.params.api_key).toMatchObject({
        value: null,
        redacted: true
      });
      expect(imported?.params.lr.value).toBe(0.1);
      expect(describeImport(outcome, 'x.runlog.json', trans)[0]).toBe(
        `Imported 2 runs from x.runlog.json into ${runs[0].experiment.name}.`
      );
      // Twice: nothing new.
      const again = await importBundleText(
        other,
        exported.text,
        'x.runlog.json',
        options
      );
      expect(again.ok && again.result.identical).toEqual(
        runs.map(run => run.id)
      );
      expect(again.ok && again.result.added).toEqual([]);
    } finally {
      other.dispose();
    }
  });

  it('renumbers runs whose numbers are out of range or taken, and says so', async () => {
    store = makeStore();
    const runs = [
      makeRun({ number: 1 }),
      makeRun({ number: 1e21 }),
      makeRun({ number: 1 })
    ];
    const text = await writeBundle(runs, {
      appVersion: '1.0.0',
      limits: DEFAULT_BUNDLE_LIMITS,
      trans
    });
    const outcome = await importBundleText(store, text, 'big.runlog.json', {
      ...options,
      importedAt: '2026-11-27T12:00:00.000Z'
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) {
      return;
    }
    const stored = await store.getRuns(runs.map(run => run.id));
    expect(
      stored.map(run => [run.number, run.origin?.original_number])
    ).toEqual([
      [1, undefined],
      // The bundle lists runs by number: the second #1 comes first.
      [3, 1e21],
      [2, 1]
    ]);
    expect(describeImport(outcome, 'big.runlog.json', trans)).toContain(
      '2 runs were renumbered, their numbers being out of range or held by other runs: #1 → #2, #1e+21 → #3.'
    );
  });

  it('leaves runs in the trash out of a bundle unless asked; with them, imported, they go to the trash', async () => {
    store = makeStore();
    const runs = [makeRun({ number: 1 }), makeRun({ number: 2 })];
    await store.importRuns(runs);
    const [trashed] = await store.deleteRuns([runs[0].id], 'ada');
    const ids = runs.map(run => run.id);
    const plain = await exportRuns(store, ids, options);
    expect(plain.runCount).toBe(1);
    expect(plain.text).not.toContain('"deleted":{');
    expect(plain.text).not.toContain(runs[0].id);
    const withTrash = await exportRuns(store, ids, {
      ...options,
      includeDeleted: true
    });
    expect(withTrash.text).toContain('"deleted":{');

    expect(withTrash.runCount).toBe(2);
    for (const [text, added, inTrash] of [
      [plain.text, 1, []],
      [withTrash.text, 2, [runs[0].id]]
    ] as const) {
      const other = makeStore();
      try {
        const outcome = await importBundleText(other, text, 'x.runlog.json', {
          ...options,
          importedAt: '2026-11-27T12:00:00.000Z'
        });
        expect(outcome.ok && outcome.result.added).toHaveLength(added);
        const listed = await other.listRuns('nb-1', { trash: true });
        expect(listed.map(run => run.id)).toEqual(inTrash);
        if (inTrash.length) {
          expect(listed[0].deleted).toEqual(trashed.deleted);
          expect(listed[0].history).toEqual(trashed.history);
        }
      } finally {
        other.dispose();
      }
    }
  });

  it('exports the same bytes for the same runs', async () => {
    store = makeStore();
    const runs = [makeRun({ number: 1 }), makeRun({ number: 2 })];
    await store.importRuns(runs);
    const ids = runs.map(run => run.id);
    const first = await exportRuns(store, ids, options);
    const second = await exportRuns(store, [...ids].reverse(), options);
    expect(second.text).toBe(first.text);
  });

  it('rejects every bundle of the hostile corpus with a message, leaving the store unchanged', async () => {
    store = makeStore();
    await store.importRuns([makeRun({ number: 1 }), makeRun({ number: 2 })]);
    const before = await snapshot(store);
    const corpus = hostileCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    for (const item of corpus) {
      const outcome = await importBundleText(
        store,
        item.text,
        'bad.runlog.json',
        {
          ...options,
          limits: { ...DEFAULT_BUNDLE_LIMITS, ...item.limits }
        }
      );
      if (outcome.ok) {
        throw new Error(`accepted: ${item.name}`);
      }
      expect(outcome.errors.length).toBeGreaterThan(0);
      expect(outcome.errors[0].message.length).toBeGreaterThan(10);
    }
    expect(await snapshot(store)).toBe(before);
    // And a valid bundle still imports afterwards.
    const valid = await importBundleText(
      store,
      seal(baseBundle()),
      'ok.runlog.json',
      options
    );
    expect(valid.ok && valid.result.added).toHaveLength(3);
  }, 120_000);
});
