import 'fake-indexeddb/auto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DEFAULT_BUNDLE_LIMITS } from '../bundle';
import { RUN_SHAPE } from '../bundle/bundleShapes';
import { checkRunRecord } from '../bundle/bundleValidation';
import { IssueCollector } from '../bundle/issues';
import { UNTRANSLATED } from '../bundle/bundleFormat';
import { REDACTED_SOURCE } from '../redaction/redaction';
import type { IRunRecord } from '../types';
import { makeRun, makeStore } from '../../store/__tests__/fixtures';
import type { IMlflowRunData } from './protocol';
import {
  isPushable,
  MAX_PULLED_ENTRIES,
  mlflowRunIdOf,
  pulledRunId,
  pulledRunToRecord,
  type IPullContext
} from './pulledRun';
import { buildRunPayload, TAG } from './runPayload';
import { sampleRun, SECRET } from './__tests__/runs';

const CONTEXT: IPullContext = {
  host: 'mlflow.example.org:5000',
  experiment: { id: 'nb-1', name: 'train' },
  notebookPath: 'work/train.ipynb',
  importedAt: '2025-04-01T08:00:00.000Z',
  trackingUri: 'http://mlflow.example.org:5000'
};

const START = Date.parse('2025-03-02T09:00:00.000Z');

/** A run logged by a script with `mlflow.log_param` / `log_metric`, as the server relays it. */
function scriptRun(overrides: Partial<IMlflowRunData> = {}): IMlflowRunData {
  return {
    run_id: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    run_name: 'bright-fox-123',
    experiment_id: '7',
    status: 'FINISHED',
    start_time: START,
    end_time: START + 90_000,
    params: {
      lr: '0.01',
      epochs: '10',
      optimizer: 'adam',
      use_bn: 'True',
      dropout: 'None',
      sizes: "[64, 'auto']"
    },
    metrics: {
      accuracy: { value: 0.93, step: 9, timestamp: START + 80_000 },
      loss: { value: 0.2, step: 9, timestamp: START + 80_000 }
    },
    tags: {
      'mlflow.user': 'grace',
      'mlflow.source.name': 'train.py',
      'mlflow.source.git.commit': 'CD'.repeat(20),
      'mlflow.runName': 'bright-fox-123'
    },
    run_url: 'http://mlflow.example.org:5000/#/experiments/7/runs/0f1e',
    ...overrides
  };
}

function pulled(data: unknown, context = CONTEXT): IRunRecord {
  const result = pulledRunToRecord(data, context);
  if (!result.ok) {
    throw new Error(`refused: ${result.reason}`);
  }
  return result.record;
}

function reasonFor(data: unknown): string {
  const result = pulledRunToRecord(data, CONTEXT);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

const schema = jest.requireActual<object>(
  '../../../docs/schema/run-record.schema.json'
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

/** The checks every stored and bundled run passes (the store numbers runs from 1). */
function expectValidRecord(record: IRunRecord): void {
  const numbered = { ...record, number: record.number || 1 };
  const c = new IssueCollector(UNTRANSLATED);
  checkRunRecord(numbered, 0, DEFAULT_BUNDLE_LIMITS, c, RUN_SHAPE);
  expect(c.issues).toEqual([]);
  expect(validateSchema(numbered)).toBe(true);
}

describe('pulledRunToRecord', () => {
  it('reads a run a script logged with the MLflow client', () => {
    const record = pulled(scriptRun());
    expect(record).toMatchObject({
      id: pulledRunId(CONTEXT.host, '0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
      number: 0,
      experiment: { id: 'nb-1', name: 'train' },
      notebook_path: 'work/train.ipynb',
      status: 'completed',
      started_at: '2025-03-02T09:00:00.000Z',
      ended_at: '2025-03-02T09:01:30.000Z',
      duration_ms: 90_000,
      metrics: { accuracy: { value: 0.93 }, loss: { value: 0.2 } },
      cells: [],
      annotations: { note: '', tags: [], starred: false },
      origin: {
        kind: 'mlflow',
        file: 'mlflow.example.org:5000',
        imported_at: CONTEXT.importedAt,
        mlflow_run_id: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        run_url: 'http://mlflow.example.org:5000/#/experiments/7/runs/0f1e'
      },
      updated_at: '2025-03-02T09:01:30.000Z'
    });
    expect(record.params).toEqual({
      lr: { value: 0.01, source: '0.01', type: 'float' },
      epochs: { value: 10, source: '10', type: 'int' },
      optimizer: { value: 'adam', source: 'adam', type: 'str' },
      use_bn: { value: true, source: 'True', type: 'bool' },
      dropout: { value: null, source: 'None', type: 'NoneType' },
      sizes: { value: [64, 'auto'], source: "[64, 'auto']", type: 'list' }
    });
    expect(record.metrics.accuracy.series).toBeUndefined();
    expect(record.context).toMatchObject({
      user: 'grace',
      git: { commit: 'cd'.repeat(20), branch: null, dirty: false }
    });
    expectValidRecord(record);
  });

  it('reads back a run runlog pushed: number, params, annotations', async () => {
    const payload = await buildRunPayload(sampleRun(), {
      experimentName: 'work/train.ipynb',
      withArtifacts: false,
      mlflowRunId: null
    });
    const data: IMlflowRunData = {
      run_id: 'a'.repeat(32),
      run_name: payload.run_name,
      experiment_id: '3',
      status: payload.status,
      start_time: payload.start_time,
      end_time: payload.end_time,
      params: Object.fromEntries(payload.params.map(p => [p.key, p.value])),
      metrics: { loss: { value: 0.12, step: 0, timestamp: 0 } },
      tags: Object.fromEntries(payload.tags.map(t => [t.key, t.value])),
      run_url: null
    };
    const record = pulled(data);
    expect(record.number).toBe(3);
    expect(record.annotations).toEqual({
      note: 'baseline',
      tags: ['baseline', 'gpu'],
      starred: true
    });
    expect(record.params.lr.value).toBe(0.01);
    expect(record.params.layers.value).toEqual([64, 32]);
    expect(record.params.OPENAI_API_KEY).toMatchObject({
      value: null,
      source: REDACTED_SOURCE,
      redacted: true
    });
    expect(record.context.git?.commit).toBe('ab'.repeat(20));
    expect(record.origin?.run_url).toBeNull();
    expectValidRecord(record);
  });

  it('redacts a secret a script logged as a param', () => {
    const record = pulled(
      scriptRun({ params: { api_token: SECRET, note: `use ${SECRET}` } })
    );
    expect(JSON.stringify(record)).not.toContain(SECRET);
    expect(record.params.api_token.redacted).toBe(true);
  });

  it.each([
    ['RUNNING', 'running', false],
    ['SCHEDULED', 'running', false],
    ['FINISHED', 'completed', true],
    ['FAILED', 'failed', true],
    ['KILLED', 'interrupted', true]
  ])('maps status %s to %s', (status, expected, ended) => {
    const record = pulled(scriptRun({ status }));
    expect(record.status).toBe(expected);
    expect(record.ended_at !== null).toBe(ended);
    expectValidRecord(record);
  });

  it('takes the number only from a `#N …` run name within range', () => {
    const numberOf = (run_name: string | null) =>
      pulled(scriptRun({ run_name })).number;
    expect(numberOf('#12 train')).toBe(12);
    expect(numberOf('#12')).toBe(12);
    expect(numberOf('#0 train')).toBe(0);
    expect(numberOf('#12train')).toBe(0);
    expect(numberOf('#99999999999 train')).toBe(0);
    expect(numberOf(null)).toBe(0);
  });

  it('gives the same record for the same MLflow run, and another for another host', () => {
    expect(pulled(scriptRun())).toEqual(pulled(scriptRun()));
    const elsewhere = pulled(scriptRun(), { ...CONTEXT, host: 'other:5000' });
    expect(elsewhere.id).not.toBe(pulled(scriptRun()).id);
  });

  it('leaves out metrics MLflow holds as NaN or infinite', () => {
    const record = pulled(
      scriptRun({
        metrics: {
          ok: { value: 1, step: 0, timestamp: 0 },
          nan: { value: NaN, step: 0, timestamp: 0 },
          inf: { value: Infinity, step: 0, timestamp: 0 },
          // JSON carries NaN as null.
          none: { value: null as unknown as number, step: 0, timestamp: 0 }
        }
      })
    );
    expect(Object.keys(record.metrics)).toEqual(['ok']);
    expectValidRecord(record);
  });

  it('links only to http(s) run pages', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,x',
      'not a url',
      42,
      `http://x/${'a'.repeat(3000)}`
    ]) {
      const record = pulled(
        scriptRun({ run_url: url as unknown as string | null })
      );
      expect(record.origin?.run_url).toBeNull();
    }
  });

  it('keeps param values that would break the record as their text', () => {
    const record = pulled(
      scriptRun({
        params: {
          huge: '1e999',
          proto: '{"__proto__": {"polluted": true}}',
          deep: '['.repeat(100) + ']'.repeat(100)
        }
      })
    );
    expect(record.params.huge).toEqual({
      value: '1e999',
      source: '1e999',
      type: 'str'
    });
    expect(record.params.proto.value).toBe('{"__proto__": {"polluted": true}}');
    expect(record.params.deep.type).toBe('str');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expectValidRecord(record);
  });

  const hostile: [string, unknown][] = [
    ['null', null],
    ['a list', [scriptRun()]],
    ['a string', 'run'],
    ['no run_id', { ...scriptRun(), run_id: undefined }],
    ['a numeric run_id', scriptRun({ run_id: 42 as unknown as string })],
    ['a path as run_id', scriptRun({ run_id: '../../x' })],
    ['an unknown status', scriptRun({ status: 'DELETED' })],
    ['a status object', scriptRun({ status: {} as unknown as string })],
    ['a text start time', scriptRun({ start_time: '0' as unknown as number })],
    ['a negative start time', scriptRun({ start_time: -1 })],
    ['a start time past year 275760', scriptRun({ start_time: 9e15 })],
    ['no times at all', scriptRun({ start_time: null, end_time: null })],
    [
      'params as a list',
      scriptRun({ params: [] as unknown as IMlflowRunData['params'] })
    ],
    [
      'a numeric param value',
      scriptRun({ params: { lr: 0.1 as unknown as string } })
    ],
    ['a huge param value', scriptRun({ params: { p: 'x'.repeat(200_001) } })],
    ['a huge tag', scriptRun({ tags: { t: 'x'.repeat(200_001) } })],
    ['a huge param key', scriptRun({ params: { ['k'.repeat(5000)]: '1' } })],
    ['an empty param key', scriptRun({ params: { '': '1' } })],
    [
      'a text metric',
      scriptRun({
        metrics: { m: { value: '1' } } as unknown as IMlflowRunData['metrics']
      })
    ],
    [
      'a metric that is a number',
      scriptRun({ metrics: { m: 1 } as unknown as IMlflowRunData['metrics'] })
    ],
    [
      'tags as a string',
      scriptRun({ tags: 'x' as unknown as IMlflowRunData['tags'] })
    ],
    ['a numeric tag value', scriptRun({ tags: { t: 1 as unknown as string } })],
    ['a run name object', scriptRun({ run_name: {} as unknown as string })],
    [
      '__proto__ params (as JSON.parse makes them)',
      JSON.parse(
        JSON.stringify(scriptRun()).replace(
          '"params":{',
          '"params":{"__proto__":"1",'
        )
      )
    ],
    [
      'a constructor tag',
      JSON.parse(
        JSON.stringify(scriptRun()).replace(
          '"tags":{',
          '"tags":{"constructor":"x",'
        )
      )
    ],
    [
      'a field that throws when read',
      new Proxy(scriptRun(), {
        get(target, key) {
          if (key === 'params') {
            throw new Error('boom');
          }
          return Reflect.get(target, key);
        }
      })
    ]
  ];

  it.each(hostile)('refuses %s with a reason, without throwing', (_, data) => {
    expect(reasonFor(data)).toMatch(/\w/);
    expect(({} as { [key: string]: unknown })['1']).toBeUndefined();
  });

  it.each(['params', 'tags', 'metrics'] as const)(
    'refuses 100,000 %s quickly',
    field => {
      const many: { [key: string]: unknown } = {};
      for (let i = 0; i < 100_000; i++) {
        many[`k${i}`] =
          field === 'metrics' ? { value: i, step: 0, timestamp: 0 } : '1';
      }
      const started = Date.now();
      const reason = reasonFor({ ...scriptRun(), [field]: many });
      expect(reason).toContain(String(MAX_PULLED_ENTRIES));
      expect(Date.now() - started).toBeLessThan(2000);
    }
  );

  it('reads a run at the entry limit', () => {
    const params: { [key: string]: string } = {};
    for (let i = 0; i < MAX_PULLED_ENTRIES; i++) {
      params[`p${i}`] = String(i);
    }
    const record = pulled(scriptRun({ params }));
    expect(Object.keys(record.params)).toHaveLength(MAX_PULLED_ENTRIES);
    expectValidRecord(record);
  });

  it('bounds the tags and note read from MLflow tags as the store does', () => {
    const record = pulled(
      scriptRun({
        tags: {
          [TAG.tags]: JSON.stringify([
            ' a ',
            'a',
            '',
            7,
            'x'.repeat(500),
            ...Array.from({ length: 100 }, (_, i) => `t${i}`)
          ]),
          [TAG.note]: 'note  \n',
          [TAG.starred]: 'yes'
        }
      })
    );
    expect(record.annotations.tags[0]).toBe('a');
    expect(record.annotations.tags[1]).toBe('x'.repeat(100));
    expect(record.annotations.tags).toHaveLength(50);
    expect(record.annotations.note).toBe('note');
    expect(record.annotations.starred).toBe(false);
    expectValidRecord(record);
  });

  it('reads no tags from a cut or hand-written runlog.tags', () => {
    const record = pulled(scriptRun({ tags: { [TAG.tags]: '["a", "b' } }));
    expect(record.annotations.tags).toEqual([]);
  });

  it('is stored by the run store once, numbered, however often it is pulled', async () => {
    const store = makeStore();
    await store.ready;
    const local = makeRun({ number: 12, experiment: CONTEXT.experiment });
    await store.importRuns([local]);
    const first = pulled(scriptRun({ run_name: '#12 train' }));
    const result = await store.importRuns([first]);
    expect(result.added).toHaveLength(1);
    const [stored] = result.added;
    // #12 is held by the local run: renumbered, the MLflow number kept.
    expect(stored.number).toBe(13);
    expect(stored.origin).toMatchObject({
      kind: 'mlflow',
      original_number: 12
    });
    const again = await store.importRuns([
      pulled(scriptRun({ run_name: '#12 train' }))
    ]);
    // Never a second copy. (The store's default comparison counts the
    // number, so this renumbered run reads as differing from the stored one.)
    expect(again.added).toEqual([]);
    expect([...again.identical, ...again.conflicting]).toEqual([first.id]);
    const other = { run_id: 'b'.repeat(32) };
    const unnumbered = pulled(scriptRun(other));
    expect((await store.importRuns([unnumbered])).added[0].number).toBe(14);
    expect(await store.importRuns([pulled(scriptRun(other))])).toEqual({
      added: [],
      identical: [unnumbered.id],
      conflicting: []
    });
    const full = await store.getRun(first.id);
    expectValidRecord(full!);
    store.dispose();
  });
});

describe('mlflowRunIdOf', () => {
  it.each([
    [{ [TAG.runId]: 'run-1', other: 'x' }, 'run-1'],
    [{ other: 'x' }, null],
    [{ [TAG.runId]: '' }, null],
    [{ [TAG.runId]: 5 }, null],
    [Object.create({ [TAG.runId]: 'inherited' }), null],
    [null, null]
  ])('%j → %j', (tags, id) => {
    expect(mlflowRunIdOf(tags as { [key: string]: string })).toBe(id);
  });
});

describe('isPushable', () => {
  it('pushes captured, bundle and papermill runs, never pulled ones', () => {
    const origin = (kind: 'bundle' | 'papermill' | 'mlflow') => ({
      kind,
      file: 'f',
      imported_at: CONTEXT.importedAt
    });
    expect(isPushable(makeRun())).toBe(true);
    expect(isPushable(makeRun({ origin: origin('bundle') }))).toBe(true);
    expect(isPushable(makeRun({ origin: origin('papermill') }))).toBe(true);
    expect(isPushable(makeRun({ origin: origin('mlflow') }))).toBe(false);
    expect(isPushable(pulled(scriptRun()))).toBe(false);
  });
});
