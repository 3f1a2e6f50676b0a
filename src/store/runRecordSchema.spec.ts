import 'fake-indexeddb/auto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { IRunRecord } from '../model/types';
import { makeRun, makeStore } from './__tests__/fixtures';

// ajv and ajv-formats are transitive dev dependencies (via @jupyter/builder).
const schema = jest.requireActual<object>(
  '../../docs/schema/run-record.schema.json'
);

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function numbered(overrides: Partial<IRunRecord> = {}): IRunRecord {
  return makeRun({ number: 1, ...overrides });
}

describe('docs/schema/run-record.schema.json', () => {
  it('accepts a complete record', () => {
    const run = numbered({
      partial: { skipped_cells: ['c2'] },
      status: 'interrupted',
      status_reason: 'The kernel restarted.',
      context: {
        kernel: {
          name: 'python3',
          language: 'python',
          language_version: '3.11'
        },
        user: 'ada',
        git: { commit: 'ab'.repeat(20), branch: null, dirty: false },
        seeds: { params: { seed: 7 }, calls: ['torch.manual_seed(7)'] },
        packages: { numpy: '2.1.0' },
        resources: {
          cpu_seconds: 1.5,
          wall_seconds: 2,
          peak_rss_bytes: null,
          peak_rss_scope: 'process',
          gpu: [{ device: 0, name: 'A100', peak_bytes: 1024 }],
          cells_measured: 2
        },
        files: {
          data: {
            path: '/data/train.csv',
            kind: 'file',
            size: 12,
            mtime: '2026-11-27T10:00:00Z',
            sha256: 'c'.repeat(64)
          }
        }
      }
    });
    expect(validate(run)).toBe(true);
  });

  it.each([
    [
      'a short commit',
      { git: { commit: 'abc123', branch: 'main', dirty: false } }
    ],
    [
      'a peak scope it does not know',
      {
        resources: {
          cpu_seconds: 1,
          wall_seconds: 1,
          peak_rss_bytes: 1,
          peak_rss_scope: 'cell',
          gpu: [],
          cells_measured: 1
        }
      }
    ],
    [
      'a digest that is not SHA-256',
      {
        files: {
          data: { path: '/d', kind: 'file', size: 1, mtime: 'x', sha256: 'abc' }
        }
      }
    ]
  ])('refuses a context with %s', (_, extra) => {
    const run = numbered();
    expect(validate({ ...run, context: { ...run.context, ...extra } })).toBe(
      false
    );
  });

  it('accepts a record as the store returns it', async () => {
    const store = makeStore();
    try {
      const run = makeRun();
      await store.put(run);
      const stored = await store.getRun(run.id);
      expect(validate(stored)).toBe(true);
    } finally {
      store.dispose();
    }
  });

  it('accepts an annotated record as the store returns it', async () => {
    const store = makeStore();
    try {
      const run = makeRun();
      await store.put(run);
      await store.annotateRun(run.id, { note: 'kept', tags: ['a'] }, 'ada');
      await store.annotateRun(run.id, { starred: true });
      const stored = await store.getRun(run.id);
      expect(stored?.history).toHaveLength(3);
      expect(validate(stored)).toBe(true);
    } finally {
      store.dispose();
    }
  });

  it('stores a context from elsewhere in the form the record describes', async () => {
    const store = makeStore();
    try {
      const run = makeRun({
        context: {
          kernel: { name: 'python3', language: 'python' },
          git: { commit: 'AB'.repeat(20), branch: 'main', dirty: false },
          files: {
            data: {
              path: '/d',
              kind: 'file',
              size: 12.7,
              mtime: '2026-11-27T10:00:00Z',
              sha256: 'C'.repeat(64)
            }
          }
        }
      });
      expect(validate(run)).toBe(false);
      await store.put(run);
      const stored = await store.getRun(run.id);
      expect(stored?.context.git?.commit).toBe('ab'.repeat(20));
      expect(stored?.context.files?.data).toMatchObject({
        size: 13,
        sha256: 'c'.repeat(64)
      });
      expect(validate(stored)).toBe(true);
    } finally {
      store.dispose();
    }
  });

  it('accepts fields added by later versions beside the known ones', () => {
    expect(validate({ ...numbered(), provenance: { source: 'bundle' } })).toBe(
      true
    );
  });

  const metric = (value: unknown) => ({ metrics: { loss: value } }) as never;
  const cell = (change: object) =>
    ({ cells: [{ ...makeRun().cells[0], ...change }] }) as never;

  it.each<[string, Partial<IRunRecord>, string]>([
    ['an unknown status', { status: 'done' as never }, '/status'],
    ['a run number of 0', { number: 0 }, '/number'],
    ['a bad timestamp', { ended_at: 'yesterday' }, '/ended_at'],
    ['a negative duration', { duration_ms: -1 }, '/duration_ms'],
    ['a non-numeric metric', metric({ value: '0.9' }), '/metrics/loss/value'],
    [
      'a series point that is not a pair',
      metric({ value: 1, series: [[1, 2, 3]] }),
      '/metrics/loss/series/0'
    ],
    [
      'a parameter without source',
      { params: { lr: { value: 0.1, type: 'float' } } as never },
      '/params/lr'
    ],
    [
      'a cell with an unknown role',
      cell({ role: 'markdown' }),
      '/cells/0/role'
    ],
    [
      'a history entry for an unknown field',
      {
        history: [
          {
            at: '2025-01-01T00:00:00Z',
            user: null,
            field: 'title',
            from: '',
            to: 'x'
          }
        ]
      } as never,
      '/history/0/field'
    ],
    [
      'a history entry without a time',
      {
        history: [{ user: 'ada', field: 'starred', from: false, to: true }]
      } as never,
      '/history/0'
    ],
    ['a history that is not a list', { history: {} } as never, '/history'],
    [
      'tags that are not a list',
      { annotations: { note: '', tags: 'a', starred: false } as never },
      '/annotations/tags'
    ]
  ])('rejects %s', (_, overrides, path) => {
    expect(validate(numbered(overrides))).toBe(false);
    expect(validate.errors?.map(error => error.instancePath)).toContain(path);
  });

  it.each(['id', 'experiment', 'status', 'cells', 'updated_at'])(
    'requires %s',
    field => {
      const run: Record<string, unknown> = { ...numbered() };
      delete run[field];
      expect(validate(run)).toBe(false);
      expect(validate.errors?.[0].params).toEqual({ missingProperty: field });
    }
  );
});
