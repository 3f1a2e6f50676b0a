import { makeRunRecord } from '../widgets/__tests__/testing';
import type { IRunContext, IRunRecord } from '../model/types';
import { completeRunContext } from './runEnvironment';

const CONTEXT: IRunContext = {
  kernel: { name: 'python3', language: 'python' }
};

function run(): IRunRecord {
  return makeRunRecord(1, {
    context: CONTEXT,
    params: {
      seed: { value: 3, source: '3', type: 'int' },
      data_path: {
        value: 'data/train.csv',
        source: '"data/train.csv"',
        type: 'str'
      }
    },
    cells: [
      {
        cell_id: 'p',
        role: 'parameters',
        source: 'seed = 3',
        outputs: [],
        status: 'ok',
        execution_count: 4,
        duration_ms: 1
      },
      {
        cell_id: 't',
        role: 'tracked',
        source: 'np.random.seed(seed)',
        outputs: [],
        status: 'ok',
        execution_count: 5,
        duration_ms: 1
      },
      {
        cell_id: 'u',
        role: 'tracked',
        source: 'pass',
        outputs: [],
        status: 'ok',
        execution_count: null,
        duration_ms: null
      }
    ]
  });
}

const REPLY = JSON.stringify({
  resources: {
    cpu_seconds: 1,
    wall_seconds: 2,
    peak_rss_bytes: 3,
    peak_rss_scope: 'run',
    gpu: [],
    cells_measured: 2
  },
  packages: { numpy: '2.1.0' },
  git: null,
  files: {}
});

describe('completeRunContext', () => {
  it('asks the kernel about the run’s executions, the imported modules and the file parameters', async () => {
    const asked: string[] = [];
    const update = await completeRunContext(
      run(),
      ['import numpy as np\nimport os', 'seed = 3'],
      async expression => {
        asked.push(expression);
        return REPLY;
      }
    );
    expect(asked).toHaveLength(1);
    const request = JSON.stringify({
      execution_counts: [4, 5],
      modules: ['numpy', 'os'],
      paths: { data_path: 'data/train.csv' }
    });
    // The request travels as a Python string literal of that JSON.
    expect(asked[0]).toContain(`run_context(${JSON.stringify(request)})`);
    expect(update!(CONTEXT)).toEqual({
      ...CONTEXT,
      packages: { numpy: '2.1.0' },
      resources: {
        cpu_seconds: 1,
        wall_seconds: 2,
        peak_rss_bytes: 3,
        peak_rss_scope: 'run',
        gpu: [],
        cells_measured: 2
      },
      seeds: { params: { seed: 3 }, calls: ['np.random.seed(seed)'] }
    });
  });

  it.each([
    ['not asked (not Python, or turned off)', null],
    ['unanswered', async () => null],
    ['answered with garbage', async () => 'not json']
  ])('adds only the seeds when the kernel is %s', async (_, ask) => {
    const update = await completeRunContext(run(), [], ask);
    expect(update!(CONTEXT)).toEqual({
      ...CONTEXT,
      seeds: { params: { seed: 3 }, calls: ['np.random.seed(seed)'] }
    });
  });

  it('adds nothing when there is nothing to add', async () => {
    const plain = makeRunRecord(2, { context: CONTEXT });
    expect(await completeRunContext(plain, [], null)).toBeNull();
  });
});
