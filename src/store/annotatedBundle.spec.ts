import 'fake-indexeddb/auto';
import { readBundle, writeBundle } from '../model/bundle';
import { seal } from '../model/bundle/__tests__/corpusBase';
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

describe('a run with its full context in a bundle', () => {
  const context = {
    kernel: { name: 'python3', language: 'python' },
    git: { commit: 'ab'.repeat(20), branch: 'main', dirty: true },
    seeds: { params: { seed: 7 }, calls: ['torch.manual_seed(7)'] },
    packages: { numpy: '2.1.0' },
    resources: {
      cpu_seconds: 1.25,
      wall_seconds: 2,
      peak_rss_bytes: 1024,
      peak_rss_scope: 'run' as const,
      gpu: [{ device: 0, name: 'A100', peak_bytes: 2048 }],
      cells_measured: 2
    },
    files: {
      data: {
        path: '/data/train.csv',
        kind: 'file' as const,
        size: 12,
        mtime: '2026-11-27T10:00:00Z',
        sha256: 'c'.repeat(64)
      }
    }
  };

  it('is written and read back whole', async () => {
    const run = { ...makeRun(), number: 1, context };
    const read = await readBundle(
      await writeBundle([run], { appVersion: '0.1.0' })
    );
    expect(read.ok && read.runs[0].context).toEqual(context);
  });

  it.each([
    ['git', 'commit', 'abc'],
    ['resources', 'peak_rss_scope', 'cell'],
    ['files', 'data', { path: '/x' }]
  ])(
    'is refused on export and on import when context.%s.%s is malformed',
    async (part, key, bad) => {
      const broken = {
        ...context,
        [part]: { ...(context as Record<string, object>)[part], [key]: bad }
      };
      const run = { ...makeRun(), number: 1, context: broken };
      await expect(
        writeBundle([run as never], { appVersion: '0.1.0' })
      ).rejects.toThrow(`/runs/0/context/${part}/${key}`);
      // A bundle from elsewhere, checksum and all, is refused on reading.
      const good = JSON.parse(
        await writeBundle([{ ...makeRun(), number: 1, context }], {
          appVersion: '0.1.0'
        })
      );
      good.runs[0].context = broken;
      const read = await readBundle(seal(good));
      expect(read.ok).toBe(false);
      if (!read.ok) {
        expect(read.errors[0].path).toMatch(
          new RegExp(`^/runs/0/context/${part}/${key}`)
        );
      }
    }
  );
});
