import type { IRunRecord } from '../types';
import {
  BundleAbortError,
  BundleReadResult,
  DEFAULT_BUNDLE_LIMITS,
  IBundleIssue,
  MAX_ISSUES
} from './bundleFormat';
import { sameRunContent } from '../record/runContent';
import { bundleOrigin } from './bundleImport';
import { readBundle } from './bundleReader';
import { writeBundle } from './bundleWriter';
import { fullRun } from './__tests__/bundleFixtures';
import { bundleWithBadBytes, INVALID_UTF8 } from './__tests__/invalidUtf8';
import {
  baseBundle,
  Json,
  JsonObject,
  mutated,
  seal,
  setAt
} from './__tests__/corpusBase';

const OPTIONS = { appVersion: '0.1.0', user: 'ada' };

function runs(count: number): IRunRecord[] {
  return Array.from({ length: count }, (_, index) => fullRun(index));
}

function errorsOf(result: BundleReadResult): IBundleIssue[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('readBundle', () => {
  it('accepts a reformatted file, saying so, with the same runs', async () => {
    const original = runs(5);
    const text = await writeBundle(original, OPTIONS);
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const result = await readBundle(pretty);
    expect(result).toMatchObject({ ok: true, runs: original });
    expect(result.ok && result.warnings.map(w => w.code)).toEqual([
      'reformatted'
    ]);
  });

  it('accepts CRLF line ends and a byte order mark without remark', async () => {
    const text = await writeBundle(runs(3), OPTIONS);
    for (const variant of [text.replace(/\n/g, '\r\n'), '\ufeff' + text]) {
      const result = await readBundle(variant);
      expect(result).toMatchObject({ ok: true, warnings: [] });
    }
  });

  it('says which jupyterlab-runlog to upgrade to for a newer version', async () => {
    const newer = mutated(baseBundle(), copy => {
      copy.version = 4;
      setAt(copy, ['exported_by', 'version'], '3.2.0');
    });
    const [error] = errorsOf(await readBundle(seal(newer)));
    expect(error).toMatchObject({ code: 'newer-version', path: '/version' });
    expect(error.message).toContain('reads versions up to 1');
    expect(error.message).toContain(
      'written by jupyterlab-runlog 3.2.0: upgrade to 3.2.0 or later'
    );

    const anonymous = mutated(newer, copy => delete copy.exported_by);
    const [plain] = errorsOf(await readBundle(seal(anonymous)));
    expect(plain.message).toContain('Upgrade jupyterlab-runlog');
  });

  it('gives the line and column of a syntax error', async () => {
    const text = await writeBundle(runs(3), OPTIONS);
    const lines = text.split('\n');
    lines[2] = lines[2].replace('"status":', '"status" ');
    const [error] = errorsOf(await readBundle(lines.join('\n')));
    expect(error.code).toBe('not-json');
    expect(error.message).toMatch(/line 3, column \d+/);
    expect(error.position).toBeGreaterThan(lines[0].length + lines[1].length);
  });

  it('measures size before parsing', async () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const text = '{'.repeat(2000);
      const [error] = errorsOf(
        await readBundle(text, { ...DEFAULT_BUNDLE_LIMITS, maxBytes: 1000 })
      );
      expect(error.code).toBe('too-large');
      expect(error.message).toContain('2.0 kB, over the limit of 1.0 kB');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it.each([
    // One byte over: rounded, both would read "1.0 MB".
    [
      'x'.repeat(1_000_001),
      '1,000,001 bytes, over the limit of 1,000,000 bytes'
    ],
    // Three bytes per character: counted in UTF-8, not in characters.
    [
      '中'.repeat(333_334),
      '1,000,002 bytes, over the limit of 1,000,000 bytes'
    ],
    ['x'.repeat(1_500_000), '1.5 MB, over the limit of 1.0 MB']
  ])(
    'says exact sizes when rounded ones would look equal (%#)',
    async (text, sizes) => {
      const limits = { ...DEFAULT_BUNDLE_LIMITS, maxBytes: 1_000_000 };
      const [error] = errorsOf(await readBundle(text, limits));
      expect(error.code).toBe('too-large');
      expect(error.message).toBe(
        `The file is ${sizes} (setting “Largest bundle” of Run log: sharing).`
      );
    }
  );

  it('reports a 100,000-deep array as too deep instead of crashing', async () => {
    const text = `{"format":"runlog-bundle","runs":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const [error] = errorsOf(await readBundle(text));
    expect(error.code).toBe('too-deep');
    expect(error.path).toMatch(/^\/runs(\/0){63}$/);
    expect(error.message).toContain('deeper than 64 levels');
  });

  it('stops listing after MAX_ISSUES', async () => {
    const bad = mutated(baseBundle(), copy => {
      const many: Json[] = [];
      for (let i = 0; i < 300; i++) {
        many.push({ id: `r${i}` });
      }
      copy.runs = many;
    });
    expect(errorsOf(await readBundle(seal(bad)))).toHaveLength(MAX_ISSUES);
  });

  it('names the run in messages about it', async () => {
    const bad = mutated(baseBundle(), copy =>
      setAt(copy, ['runs', 1, 'status'], 'done')
    );
    const [error] = errorsOf(await readBundle(seal(bad)));
    expect(error).toMatchObject({
      code: 'bad-value',
      path: '/runs/1/status',
      runId: 'run-nb-beta-1'
    });
    expect(error.message).toBe(
      '/runs/1/status (run "run-nb-beta-1") must be one of running, completed, failed, interrupted; found "done".'
    );
  });

  it('refuses a bundle whole when annotations exceed the store limits, saying which', async () => {
    const bad = mutated(baseBundle(), copy => {
      setAt(copy, ['runs', 1, 'annotations', 'note'], 'n'.repeat(100_001));
      setAt(
        copy,
        ['runs', 2, 'annotations', 'tags'],
        Array.from({ length: 51 }, (_, i) => `t${i}`)
      );
    });
    const result = await readBundle(seal(bad));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map(error => error.message)).toEqual([
      '/runs/1/annotations/note (run "run-nb-beta-1") can have at most 100000 characters; found 100001.',
      '/runs/2/annotations/tags (run "run-nb-alpha-2") can have at most 50 items; found 51.'
    ]);
  });

  it('passes every message through the translator', async () => {
    const msgids: string[] = [];
    const trans = {
      __: (msgid: string, ...args: (string | number)[]) => {
        msgids.push(msgid);
        return `«${msgid}»${args.join('|')}`;
      }
    };
    const bad = mutated(baseBundle(), copy =>
      setAt(copy, ['runs', 0, 'number'], 0)
    );
    const [error] = errorsOf(await readBundle(seal(bad), undefined, { trans }));
    expect(
      error.message.startsWith('«%1 must be at least %2; found %3.»')
    ).toBe(true);
    expect(msgids.every(msgid => !/\d{2}/.test(msgid))).toBe(true);
  });

  it('returns only the known members of exported_by', async () => {
    const bundle = mutated(baseBundle(), copy =>
      setAt(copy, ['exported_by', 'extra'], { deep: true })
    );
    const result = await readBundle(seal(bundle));
    expect(result.ok && result.bundle.exported_by).toEqual({
      app: 'jupyterlab-runlog',
      version: '0.1.0',
      user: 'ada'
    });
  });

  it('keeps unknown run fields (a later version may add them)', async () => {
    const bundle = mutated(baseBundle(), copy =>
      setAt(copy, ['runs', 0, 'added_later'], { x: [1] })
    );
    const result = await readBundle(seal(bundle));
    expect(
      result.ok && (result.runs[0] as unknown as JsonObject).added_later
    ).toEqual({ x: [1] });
  });

  it('reports progress and can be cancelled', async () => {
    const text = await writeBundle(runs(12), OPTIONS);
    const seen: number[] = [];
    await readBundle(text, undefined, {
      sliceMs: 0,
      onProgress: done => seen.push(done)
    });
    expect(seen[seen.length - 1]).toBe(12);
    expect(seen.length).toBeGreaterThan(10);

    const controller = new AbortController();
    await expect(
      readBundle(text, undefined, {
        sliceMs: 0,
        signal: controller.signal,
        onProgress: done => done >= 2 && controller.abort()
      })
    ).rejects.toBeInstanceOf(BundleAbortError);
  });

  it('refuses rather than throws when a check fails unexpectedly', async () => {
    const text = seal(baseBundle());
    const limits = { ...DEFAULT_BUNDLE_LIMITS };
    Object.defineProperty(limits, 'maxRuns', {
      get: () => {
        throw new RangeError('Maximum call stack size exceeded');
      }
    });
    const [unreadable] = errorsOf(await readBundle(text, limits));
    expect(unreadable).toMatchObject({ code: 'unreadable', path: '' });
    expect(unreadable.message).toContain('Maximum call stack');
  });

  it('does not throw for values that are not text', async () => {
    for (const value of [undefined, null, 42, {}, ['x']]) {
      const [error] = errorsOf(await readBundle(value as unknown as string));
      expect(error.code).toBe('not-json');
    }
  });
});

describe('import helpers', () => {
  it('builds an imported run origin from the bundle header', async () => {
    const result = await readBundle(await writeBundle(runs(2), OPTIONS));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(
        bundleOrigin(
          result.bundle,
          'shared/a.runlog.json',
          '2025-05-01T00:00:00Z'
        )
      ).toEqual({
        kind: 'bundle',
        file: 'shared/a.runlog.json',
        imported_at: '2025-05-01T00:00:00Z',
        exported_by: 'ada',
        exported_at: result.bundle.exported_at
      });
    }
  });

  it('compares runs leaving their origin aside', () => {
    const run = fullRun(1);
    const imported = {
      ...run,
      origin: {
        kind: 'bundle' as const,
        file: 'x',
        imported_at: '2025-05-01T00:00:00Z'
      }
    };
    expect(sameRunContent(run, imported)).toBe(true);
    expect(sameRunContent(run, { ...imported, number: 9 })).toBe(false);
  });
});

describe('readBundle on the bytes of a file', () => {
  const buffer = jest.requireActual<{ Buffer: typeof Buffer }>('buffer').Buffer;
  const bytesOf = (text: string) => new Uint8Array(buffer.from(text, 'utf8'));

  it('reads UTF-8 bytes as it reads their text, byte order mark or not', async () => {
    const text = await writeBundle(runs(3), OPTIONS);
    const fromText = await readBundle(text);
    expect(fromText.ok).toBe(true);
    expect(await readBundle(bytesOf(text))).toEqual(fromText);
    expect(await readBundle(bytesOf('\ufeff' + text))).toEqual(fromText);
  });

  it.each(INVALID_UTF8)(
    'refuses %s with the offset of the first bad byte',
    async (_, bad) => {
      const file = await bundleWithBadBytes(bad);
      // As a lenient decoder hands it over, the file passed every check.
      expect((await readBundle(file.leniently)).ok).toBe(true);
      const errors = errorsOf(await readBundle(file.bytes));
      expect(errors).toEqual([
        {
          code: 'not-utf8',
          path: '',
          position: file.offset,
          message: expect.stringContaining(
            `The file is not UTF-8 text: the bytes at offset ${file.offset} (`
          )
        }
      ]);
      expect(errors[0].message).toContain('RFC 8259');
    }
  );

  it('checks the size of the bytes before decoding them', async () => {
    const text = await writeBundle(runs(1), OPTIONS);
    const bytes = bytesOf(text + ' '.repeat(100));
    const [error] = errorsOf(
      await readBundle(bytes, {
        ...DEFAULT_BUNDLE_LIMITS,
        maxBytes: bytes.length - 1
      })
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toContain(
      `${bytes.length.toLocaleString('en-US')} bytes, over the limit of ${(
        bytes.length - 1
      ).toLocaleString('en-US')} bytes`
    );
  });

  it('refuses text with a lone surrogate, which no UTF-8 file holds', async () => {
    const text = await writeBundle(runs(1), OPTIONS);
    const at = text.indexOf('"note":"') + 8;
    const broken = text.slice(0, at) + '\ud800' + text.slice(at);
    const [error] = errorsOf(await readBundle(broken));
    expect(error).toMatchObject({ code: 'not-utf8', position: at });
    expect(error.message).toContain('lone surrogate (U+D800)');
  });
});

describe('readBundle and the trash and alerts of runs', () => {
  const trashed = () =>
    mutated(baseBundle(), copy => {
      const run = (copy.runs as JsonObject[])[1];
      run.deleted = { at: '2026-11-27T10:05:00Z', user: 'ada' };
      run.history = [
        {
          at: '2026-11-27T10:05:00Z',
          user: 'ada',
          field: 'deleted',
          from: false,
          to: true
        }
      ];
      run.alerts = [
        {
          rule: 'loss > 1',
          at: '2026-11-27T10:01:00Z',
          subject: 'loss',
          value: 1.5,
          step: 3
        }
      ];
    });

  it('accepts a run in the trash, with its alerts', async () => {
    const result = await readBundle(seal(trashed()));
    expect(result.ok).toBe(true);
    const run = result.ok ? result.runs.find(r => r.deleted) : undefined;
    expect(run?.deleted).toEqual({ at: '2026-11-27T10:05:00Z', user: 'ada' });
    expect(run?.alerts?.map(alert => alert.rule)).toEqual(['loss > 1']);
  });

  it.each<[string, (run: JsonObject) => void, [string, string]]>([
    [
      'a deletion without a time',
      run => (run.deleted = { user: 'ada' }),
      ['/runs/1/deleted/at', 'is missing']
    ],
    [
      'a deletion by a number',
      run => ((run.deleted as JsonObject).user = 5),
      ['/runs/1/deleted/user', 'must be a string or null; found 5']
    ],
    [
      'an alert value that is an object',
      run => ((run.alerts as JsonObject[])[0].value = { x: 1 }),
      ['/runs/1/alerts/0/value', 'must be a number, a string or null']
    ],
    [
      'an alert without a rule',
      run => ((run.alerts as JsonObject[])[0].rule = ''),
      ['/runs/1/alerts/0/rule', 'must not be empty']
    ],
    [
      'more than 100 alerts',
      run =>
        (run.alerts = Array.from({ length: 101 }, (_, i) => ({
          ...(run.alerts as JsonObject[])[0],
          rule: `r${i}`
        }))),
      ['/runs/1/alerts', 'can have at most 100 items; found 101']
    ],
    [
      'a history entry of an unknown field',
      run => ((run.history as JsonObject[])[0].field = 'erased'),
      [
        '/runs/1/history/0/field',
        'must be one of note, tags, starred, deleted, purged'
      ]
    ]
  ])('refuses %s, saying where and why', async (_, edit, [where, why]) => {
    const bundle = mutated(trashed(), copy =>
      edit((copy.runs as JsonObject[])[1])
    );
    const errors = errorsOf(await readBundle(seal(bundle)));
    const message = errors.find(error => error.message.startsWith(where));
    expect(message?.message).toContain(why);
  });
});
