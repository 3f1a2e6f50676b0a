import 'fake-indexeddb/auto';
import { readBundle, writeBundle } from '../model/bundle';
import { makeRun, makeStore } from './__tests__/fixtures';

describe('an annotated run in a bundle', () => {
  it('is written, validates on reading and imports with its history', async () => {
    const source = makeStore();
    const target = makeStore();
    try {
      const run = makeRun();
      await source.put(run);
      await source.annotateRun(run.id, { note: 'best so far' }, 'ada');
      await source.annotateRun(run.id, { tags: ['best'], starred: true });
      const annotated = await source.getRun(run.id);
      expect(annotated?.history).toHaveLength(3);

      const text = await writeBundle([annotated!], { appVersion: '0.1.0' });
      const read = await readBundle(text);
      expect(read.ok).toBe(true);
      if (!read.ok) {
        return;
      }
      expect(read.warnings).toEqual([]);
      expect(read.runs).toEqual([annotated]);

      const result = await target.importRuns(read.runs);
      expect(result.added.map(summary => summary.history)).toEqual([
        annotated?.history
      ]);
      expect(await target.getRun(run.id)).toEqual(annotated);
    } finally {
      source.dispose();
      target.dispose();
    }
  });
});
