import type { IRunRecord } from '../types';
import { BundleAbortError, isAbortError } from './bundleFormat';
import { readBundle } from './bundleReader';
import { BundleWriteError, writeBundle } from './bundleWriter';
import { canonicalJson } from './canonicalJson';
import { sha256Hex } from './sha256';
import { fullRun, reverseKeys, shuffled } from './__tests__/bundleFixtures';

const OPTIONS = { appVersion: '0.1.0', user: 'ada' };

/** Twelve runs in three experiments, in file order. */
function someRuns(): IRunRecord[] {
  return ['nb-alpha', 'nb-beta', 'nb-gamma'].flatMap(experiment =>
    [0, 1, 2, 3].map(index => fullRun(index, experiment))
  );
}

async function writeError(
  runs: IRunRecord[],
  options: Partial<typeof OPTIONS & { exportedAt: string }> = {}
): Promise<BundleWriteError> {
  try {
    await writeBundle(runs, { ...OPTIONS, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(BundleWriteError);
    return error as BundleWriteError;
  }
  throw new Error('writeBundle accepted the runs');
}

describe('writeBundle', () => {
  it('round-trips through readBundle to equal runs, in file order', async () => {
    const runs = someRuns();
    const text = await writeBundle(shuffled(runs, 1), OPTIONS);
    const result = await readBundle(text);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.runs).toEqual(runs);
      expect(result.warnings).toEqual([]);
      expect(result.bundle).toEqual({
        format: 'runlog-bundle',
        version: 1,
        exported_at: runs[11].updated_at,
        exported_by: {
          app: 'jupyterlab-runlog',
          version: '0.1.0',
          user: 'ada'
        },
        checksum: JSON.parse(text).checksum
      });
    }
  });

  it('writes the same bytes whatever the order of runs and of members', async () => {
    const runs = someRuns();
    const first = await writeBundle(runs, OPTIONS);
    for (const seed of [2, 3, 4]) {
      const scrambled = shuffled(runs, seed).map(reverseKeys);
      expect(await writeBundle(scrambled, OPTIONS)).toBe(first);
    }
  });

  it('lays out the checksum first and one canonical run per line', async () => {
    const runs = someRuns();
    const text = await writeBundle(runs, OPTIONS);
    const lines = text.split('\n');
    expect(lines).toHaveLength(runs.length + 3);
    expect(lines[0]).toMatch(
      /^\{"checksum":"sha256:[0-9a-f]{64}","exported_at":"[^"]+","exported_by":\{"app":"jupyterlab-runlog","user":"ada","version":"0.1.0"\},"format":"runlog-bundle","runs":\[$/
    );
    runs.forEach((run, index) => {
      const comma = index < runs.length - 1 ? ',' : '';
      expect(lines[index + 1]).toBe(canonicalJson(run) + comma);
    });
    expect(lines.slice(-2)).toEqual(['],"version":1}', '']);
  });

  it('checksums the canonical text without the checksum member and line breaks', async () => {
    const text = await writeBundle(someRuns(), OPTIONS);
    const bundle = JSON.parse(text);
    const { checksum, ...rest } = bundle;
    expect(checksum).toBe('sha256:' + sha256Hex(canonicalJson(rest)));
  });

  it('orders runs by experiment id, number and id, comparing code units', async () => {
    const run = (experiment: string, number: number, id: string) => ({
      ...fullRun(0),
      experiment: { id: experiment, name: experiment },
      number,
      id
    });
    const runs = [
      run('a', 10, 'r1'),
      run('B', 1, 'r2'),
      run('a', 2, 'r4'),
      run('a', 2, 'r3'),
      run('é', 1, 'r5')
    ];
    const result = await readBundle(await writeBundle(runs, OPTIONS));
    expect(result.ok && result.runs.map(r => r.id)).toEqual([
      'r2',
      'r3',
      'r4',
      'r1',
      'r5'
    ]);
  });

  it('dates the bundle by the newest update, comparing times not texts', async () => {
    const runs = [
      { ...fullRun(0), updated_at: '2025-03-01T11:00:00Z' },
      { ...fullRun(1), updated_at: '2025-03-01T12:30:00+02:00' }
    ];
    const text = await writeBundle(runs, OPTIONS);
    expect(JSON.parse(text).exported_at).toBe('2025-03-01T11:00:00Z');
    const dated = await writeBundle(runs, {
      ...OPTIONS,
      exportedAt: '2025-06-01T00:00:00Z'
    });
    expect(JSON.parse(dated).exported_at).toBe('2025-06-01T00:00:00Z');
    expect(JSON.parse(await writeBundle([], OPTIONS)).exported_at).toBe(
      '1970-01-01T00:00:00.000Z'
    );
  });

  it('names the user only when given', async () => {
    const text = await writeBundle([fullRun(0)], { appVersion: '2.0.0' });
    expect(JSON.parse(text).exported_by).toEqual({
      app: 'jupyterlab-runlog',
      version: '2.0.0'
    });
  });

  it('writes what transformRun returns, leaving the input alone', async () => {
    const runs = [fullRun(0), fullRun(1)];
    const before = JSON.stringify(runs);
    const text = await writeBundle(runs, {
      ...OPTIONS,
      transformRun: run => ({
        ...run,
        params: {
          ...run.params,
          lr: { ...run.params.lr, value: null, redacted: true }
        }
      })
    });
    expect(JSON.stringify(runs)).toBe(before);
    const result = await readBundle(text);
    expect(result.ok && result.runs.map(run => run.params.lr)).toEqual([
      {
        value: null,
        source: '0.01',
        type: 'float',
        origin: 'kernel',
        redacted: true
      },
      {
        value: null,
        source: '0.01',
        type: 'float',
        origin: 'kernel',
        redacted: true
      }
    ]);
  });

  it.each<[string, (run: IRunRecord) => void, string]>([
    [
      'an unknown status',
      run => (run.status = 'done' as never),
      '/runs/1/status'
    ],
    [
      'a missing id',
      run => delete (run as Partial<IRunRecord>).id,
      '/runs/1/id'
    ],
    [
      'a NaN metric',
      run => (run.metrics.loss.value = NaN),
      '/runs/1/metrics/loss/value'
    ],
    [
      'an infinite value',
      run => (run.params.lr.value = Infinity),
      '/runs/1/params/lr/value'
    ],
    [
      'a param named __proto__',
      run =>
        Object.defineProperty(run.params, '__proto__', {
          value: run.params.lr,
          enumerable: true
        }),
      '/runs/1/params/__proto__'
    ],
    [
      'a metric named constructor',
      run => (run.metrics['constructor' as string] = { value: 1 }),
      '/runs/1/metrics/constructor'
    ],
    [
      'an undefined list item',
      run => (run.annotations.tags = [undefined as never]),
      '/runs/1/annotations/tags/0'
    ],
    [
      'a cyclic value',
      run => {
        const cycle: unknown[] = [];
        cycle.push(cycle);
        run.params.lr.value = cycle as never;
      },
      '/runs/1/params/lr/value'
    ]
  ])('refuses %s, naming where', async (_, spoil, path) => {
    const runs = [fullRun(0), fullRun(1), fullRun(2)];
    spoil(runs[1]);
    const error = await writeError(runs);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.issues.every(issue => issue.path.startsWith(path))).toBe(true);
    expect(error.message).toContain(path);
  });

  it('writes runs that need the member-by-member writer like the others', async () => {
    const numbered = fullRun(1);
    numbered.params = {
      ...numbered.params,
      '10': { value: 10, source: '10', type: 'int' },
      '9': { value: 9, source: '9', type: 'int' }
    };
    const sparse = { ...fullRun(2), status_reason: undefined };
    const runs = [fullRun(0), numbered, sparse];
    const text = await writeBundle(shuffled(runs, 5), OPTIONS);
    const lines = text.split('\n');
    runs.forEach((run, index) => {
      const comma = index < runs.length - 1 ? ',' : '';
      expect(lines[index + 1]).toBe(canonicalJson(run) + comma);
    });
    expect(await readBundle(text)).toMatchObject({ ok: true, warnings: [] });
  });

  it('transforms each run once, also when the export is refused', async () => {
    const runs = [fullRun(0), fullRun(1), fullRun(2)];
    const seen: string[] = [];
    const refused = writeBundle(runs, {
      ...OPTIONS,
      transformRun: run => {
        seen.push(run.id);
        return run.id === runs[1].id
          ? { ...run, status: 'done' as never }
          : run;
      }
    });
    await expect(refused).rejects.toBeInstanceOf(BundleWriteError);
    expect(seen).toEqual(runs.map(run => run.id));
  });

  it('reports problems in the order of the runs given, then the header', async () => {
    const runs = [fullRun(2), fullRun(1), fullRun(0)];
    runs[0].status = 'done' as never;
    runs[2].status = 'over' as never;
    const error = await writeError(runs, { exportedAt: 'today' });
    expect(error.issues.map(issue => issue.path)).toEqual([
      '/runs/0/status',
      '/runs/2/status',
      '/exported_at'
    ]);
  });

  it('refuses two runs with one id', async () => {
    const error = await writeError([fullRun(0), fullRun(1), fullRun(0)]);
    expect(error.issues).toEqual([
      expect.objectContaining({
        code: 'duplicate-id',
        path: '/runs/2/id',
        runId: 'run-nb-alpha-0'
      })
    ]);
  });

  it('refuses an export time that is not a date-time', async () => {
    const error = await writeError([fullRun(0)], { exportedAt: 'today' });
    expect(error.issues[0]).toMatchObject({
      code: 'bad-value',
      path: '/exported_at'
    });
  });

  it('reports progress and can be cancelled', async () => {
    const runs = someRuns();
    const seen: [number, number][] = [];
    await writeBundle(runs, {
      ...OPTIONS,
      sliceMs: 0,
      onProgress: (done, total) => seen.push([done, total])
    });
    expect(seen.length).toBeGreaterThan(runs.length);
    expect(seen[seen.length - 1]).toEqual([12, 12]);
    const done = seen.map(([value]) => value);
    expect(done).toEqual([...done].sort((a, b) => a - b));

    const controller = new AbortController();
    const cancelled = writeBundle(runs, {
      ...OPTIONS,
      sliceMs: 0,
      signal: controller.signal,
      onProgress: done => done >= 3 && controller.abort()
    });
    await expect(cancelled).rejects.toBeInstanceOf(BundleAbortError);
    await cancelled.catch(error => expect(isAbortError(error)).toBe(true));
  });

  it('rejects at once when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      writeBundle(someRuns(), { ...OPTIONS, signal: controller.signal })
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('writeBundle and lone surrogates', () => {
  /** A run whose values hold UTF-16 units no UTF-8 file can hold as such. */
  function runWithLoneSurrogates(): IRunRecord {
    const run = fullRun(0);
    run.params.path = {
      value: 'data/\udcff\udcfe.csv', // a Python surrogateescape'd file name
      source: 'p',
      type: 'str'
    };
    run.params.half = { value: '\ud800', source: 'h', type: 'str' };
    run.annotations = { ...run.annotations, note: 'x\udc00y😀' };
    return run;
  }

  it('writes them as \\u escapes: the file is ASCII there and valid UTF-8', async () => {
    const text = await writeBundle([runWithLoneSurrogates()], OPTIONS);
    expect(text).toContain('"value":"data/\\udcff\\udcfe.csv"');
    expect(text).toContain('"value":"\\ud800"');
    expect(text).toContain('"note":"x\\udc00y😀"');
    const buffer = jest.requireActual<{ Buffer: typeof Buffer }>(
      'buffer'
    ).Buffer;
    const bytes = new Uint8Array(buffer.from(text, 'utf8'));
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(text);
  });

  it('reads them back unchanged from the file bytes', async () => {
    const run = runWithLoneSurrogates();
    const text = await writeBundle([run], OPTIONS);
    const buffer = jest.requireActual<{ Buffer: typeof Buffer }>(
      'buffer'
    ).Buffer;
    const read = await readBundle(new Uint8Array(buffer.from(text, 'utf8')));
    expect(read.ok).toBe(true);
    const [back] = (read as { runs: IRunRecord[] }).runs;
    expect(back.params.path.value).toBe('data/\udcff\udcfe.csv');
    expect(back.params.half.value).toBe('\ud800');
    expect(back.annotations.note).toBe('x\udc00y😀');
    expect(await writeBundle([back], OPTIONS)).toBe(text);
  });
});
