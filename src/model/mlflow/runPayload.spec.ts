import { readBundle } from '../bundle';
import { DEFAULT_OUTPUT_LIMITS } from '../record/outputs';
import { REDACTED_SOURCE } from '../redaction/redaction';
import type { IRunRecord, RunStatus } from '../types';
import {
  CUT_MARKER,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH
} from './mlflowLimits';
import type { IMlflowRunPayload } from './protocol';
import { buildRunPayload, TAG } from './runPayload';
import { PNG, sampleRun, SECRET } from './__tests__/runs';

const OPTIONS = {
  experimentName: 'work/train.ipynb',
  withArtifacts: false,
  mlflowRunId: null
};

function build(
  run: IRunRecord,
  options: Partial<Parameters<typeof buildRunPayload>[1]> = {}
): Promise<IMlflowRunPayload> {
  return buildRunPayload(run, { ...OPTIONS, ...options });
}

function byKey(entries: { key: string; value: string }[]): {
  [key: string]: string;
} {
  return Object.fromEntries(entries.map(entry => [entry.key, entry.value]));
}

function artifact(payload: IMlflowRunPayload, path: string) {
  return payload.artifacts.find(file => file.path === path);
}

describe('buildRunPayload', () => {
  it('names the run and its experiment, with our ids', async () => {
    const payload = await build(sampleRun(), { mlflowRunId: 'abc' });
    expect(payload).toMatchObject({
      runlog_run_id: 'run-1',
      experiment: { name: 'work/train.ipynb', runlog_experiment_id: 'nb-1' },
      run_name: '#3 train',
      status: 'FINISHED',
      start_time: Date.parse('2025-03-01T10:00:00.000Z'),
      end_time: Date.parse('2025-03-01T10:05:00.000Z'),
      mlflow_run_id: 'abc',
      artifacts: []
    });
  });

  it.each<[RunStatus, string, boolean]>([
    ['running', 'RUNNING', false],
    ['completed', 'FINISHED', true],
    ['failed', 'FAILED', true],
    ['interrupted', 'KILLED', true]
  ])('maps status %s to %s', async (status, mlflow, hasEnd) => {
    const payload = await build(
      sampleRun(status === 'running' ? { status, ended_at: null } : { status })
    );
    expect(payload.status).toBe(mlflow);
    expect(payload.end_time).toBe(
      hasEnd ? Date.parse('2025-03-01T10:05:00.000Z') : null
    );
  });

  it('sends params as MLflow strings, secrets as the placeholder', async () => {
    const payload = await build(sampleRun());
    expect(byKey(payload.params)).toEqual({
      OPENAI_API_KEY: REDACTED_SOURCE,
      frame: 'pd.read_csv("x.csv")',
      layers: '[64,32]',
      lr: '0.01',
      model: 'gpt-4o'
    });
  });

  it('never sends a secret anywhere, also one found only by its value', async () => {
    const run = sampleRun();
    run.params.endpoint_auth = {
      value: SECRET,
      source: JSON.stringify(SECRET),
      type: 'str'
    };
    run.annotations.note = 'see params';
    const payload = await build(run, { withArtifacts: true });
    const text = JSON.stringify(payload);
    expect(text).not.toContain(SECRET);
    // The artifacts are there, the parameters cell redacted in them.
    expect(artifact(payload, 'runlog/cells/01-params.py')?.content).toContain(
      `OPENAI_API_KEY = ${REDACTED_SOURCE}`
    );
  });

  it.each([
    [MAX_PARAM_VALUE_LENGTH, false],
    [MAX_PARAM_VALUE_LENGTH + 1, true]
  ])(
    'a %i-character value is cut: %s; run.json keeps it whole',
    async (length, cut) => {
      const long = 'x'.repeat(length);
      const run = sampleRun();
      run.params.prompt = { value: long, source: `'${long}'`, type: 'str' };
      const payload = await build(run, { withArtifacts: true });
      const sent = byKey(payload.params).prompt;
      expect(sent.length).toBe(MAX_PARAM_VALUE_LENGTH);
      expect(sent.endsWith(CUT_MARKER)).toBe(cut);
      const read = await readBundle(
        artifact(payload, 'runlog/run.json')!.content
      );
      expect(read.ok && read.runs[0].params.prompt.value).toBe(long);
    }
  );

  it('rewrites keys MLflow refuses and keeps rewritten ones distinct', async () => {
    const param = { value: 1, source: '1', type: 'int' };
    const run = sampleRun({
      params: { 'a:b': param, 'a?b': param, a_b: param, α: param }
    });
    const metric = { value: 1 };
    run.metrics = { 'loss:train': metric, loss_train: metric, '../x': metric };
    const payload = await build(run);
    expect(payload.params.map(p => p.key).sort()).toEqual(
      ['a_b', 'a_b_2', 'a_b_3', '_'].sort()
    );
    expect([...new Set(payload.metrics.map(m => m.key))].sort()).toEqual(
      ['__/x', 'loss_train', 'loss_train_2'].sort()
    );
  });

  it('sends a point per series step and one at step 0 for a scalar', async () => {
    const payload = await build(sampleRun());
    const time = Date.parse('2025-03-01T10:00:00.000Z');
    expect(payload.metrics).toEqual([
      { key: 'loss', value: 0.12, step: 0, timestamp: time },
      { key: 'val/accuracy', value: 0.8, step: 1, timestamp: time },
      { key: 'val/accuracy', value: 0.91, step: 2, timestamp: time }
    ]);
  });

  it('sends the same points whether the run is running or closed', async () => {
    const closed = await build(sampleRun());
    const running = await build(
      sampleRun({ status: 'running', ended_at: null })
    );
    expect(running.metrics).toEqual(closed.metrics);
  });

  it('leaves out non-finite values and rounds steps to whole numbers', async () => {
    const run = sampleRun({
      metrics: {
        m: {
          value: 3,
          series: [
            [0.6, 1],
            [2, NaN],
            [Infinity, 2],
            [3, 3]
          ]
        },
        inf: { value: -Infinity }
      }
    });
    const payload = await build(run);
    expect(payload.metrics.map(m => [m.key, m.step, m.value])).toEqual([
      ['m', 1, 1],
      ['m', 3, 3]
    ]);
  });

  it('sets our tags, the note, the star, the source and the commit', async () => {
    const payload = await build(sampleRun());
    expect(byKey(payload.tags)).toEqual({
      [TAG.runId]: 'run-1',
      [TAG.experimentId]: 'nb-1',
      [TAG.tags]: '["baseline","gpu"]',
      [TAG.starred]: 'true',
      [TAG.runName]: '#3 train',
      [TAG.sourceName]: 'work/train.ipynb',
      [TAG.sourceType]: 'NOTEBOOK',
      [TAG.note]: 'baseline',
      [TAG.gitCommit]: 'ab'.repeat(20),
      [TAG.user]: 'ada'
    });
  });

  it('sends an empty note and no commit or user when there are none', async () => {
    const run = sampleRun({
      annotations: { note: '', tags: [], starred: false },
      context: { kernel: { name: 'python3', language: 'python' } }
    });
    const tags = byKey((await build(run)).tags);
    expect(tags[TAG.note]).toBe('');
    expect(tags[TAG.starred]).toBe('false');
    expect(tags[TAG.tags]).toBe('[]');
    expect(TAG.gitCommit in tags || TAG.user in tags).toBe(false);
  });

  it('cuts a long note to the tag limit and keeps it whole in run.json', async () => {
    const note = 'n'.repeat(MAX_TAG_VALUE_LENGTH + 500);
    const run = sampleRun();
    run.annotations = { ...run.annotations, note };
    const payload = await build(run, { withArtifacts: true });
    const sent = byKey(payload.tags)[TAG.note];
    expect(sent.length).toBe(MAX_TAG_VALUE_LENGTH);
    expect(sent.endsWith(CUT_MARKER)).toBe(true);
    const read = await readBundle(
      artifact(payload, 'runlog/run.json')!.content
    );
    expect(read.ok && read.runs[0].annotations.note).toBe(note);
  });
});

describe('buildRunPayload artifacts', () => {
  it('stores the run as a one-run bundle the bundle reader accepts, redacted', async () => {
    const run = sampleRun();
    const payload = await build(run, { withArtifacts: true, user: 'ada' });
    const file = artifact(payload, 'runlog/run.json')!;
    expect(file.encoding).toBe('utf-8');
    const read = await readBundle(file.content);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.runs).toHaveLength(1);
      expect(read.bundle.exported_by?.user).toBe('ada');
      const [copy] = read.runs;
      expect(copy.id).toBe(run.id);
      expect(copy.params.OPENAI_API_KEY).toMatchObject({
        value: null,
        redacted: true
      });
      expect(copy.params.lr.value).toBe(0.01);
    }
  });

  it("writes each cell's code and its text and image outputs", async () => {
    const payload = await build(sampleRun(), { withArtifacts: true });
    expect(payload.artifacts.map(file => [file.path, file.encoding])).toEqual([
      ['runlog/run.json', 'utf-8'],
      ['runlog/cells/01-params.py', 'utf-8'],
      ['runlog/cells/02-c1.py', 'utf-8'],
      ['runlog/outputs/02-c1-1.txt', 'utf-8'],
      ['runlog/outputs/02-c1-2.png', 'base64'],
      ['runlog/outputs/02-c1-3.txt', 'utf-8']
    ]);
    expect(artifact(payload, 'runlog/cells/02-c1.py')?.content).toBe(
      'print(accuracy)\nplt.plot(history)'
    );
    expect(artifact(payload, 'runlog/outputs/02-c1-1.txt')?.content).toBe(
      '0.91\ndone\n'
    );
    // The line break nbformat keeps in base64 is not part of the image.
    expect(artifact(payload, 'runlog/outputs/02-c1-2.png')?.content).toBe(PNG);
    expect(artifact(payload, 'runlog/outputs/02-c1-3.txt')?.content).toBe('42');
  });

  it('keeps outputs within the output limits', async () => {
    const limits = {
      ...DEFAULT_OUTPUT_LIMITS,
      maxTextChars: 10,
      maxImageBytes: 20,
      maxOutputsPerCell: 3
    };
    const run = sampleRun();
    run.cells = [
      {
        ...run.cells[1],
        cell_id: '../../etc/x',
        outputs: [
          { output_type: 'stream', name: 'stdout', text: 'y'.repeat(50) },
          // An image over the limit: its text stands for it.
          {
            output_type: 'display_data',
            data: { 'image/png': PNG, 'text/plain': '<Figure>' },
            metadata: {}
          },
          {
            output_type: 'display_data',
            data: { 'image/svg+xml': '<svg/>', 'image/jpeg': 'not base64!' },
            metadata: {}
          },
          // Past the per-cell count.
          { output_type: 'stream', name: 'stdout', text: 'late' }
        ]
      }
    ];
    const payload = await build(run, {
      withArtifacts: true,
      outputLimits: limits
    });
    const files = payload.artifacts.slice(1);
    expect(files.map(file => file.path)).toEqual([
      'runlog/cells/01-______etc_x.py',
      'runlog/outputs/01-______etc_x-1.txt',
      'runlog/outputs/01-______etc_x-2.txt',
      'runlog/outputs/01-______etc_x-3.svg'
    ]);
    expect(
      files[1].content.startsWith('y'.repeat(10) + '\n… [runlog: truncated')
    ).toBe(true);
    expect(files[2].content).toBe('<Figure>');
    expect(files[3]).toMatchObject({ content: '<svg/>', encoding: 'utf-8' });
  });

  it('sends no artifacts unless asked', async () => {
    expect((await build(sampleRun())).artifacts).toEqual([]);
  });
});
