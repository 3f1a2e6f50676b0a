import { ServerConnection } from '@jupyterlab/services';
import type { IMlflowPushRequest } from '../model/mlflow/protocol';
import {
  checkMetricHistory,
  checkRunsPage,
  checkStatus,
  MalformedAnswerError,
  SyncRequestError
} from './answers';
import { MlflowClient } from './mlflowClient';

interface ISent {
  url: string;
  method: string;
  body: unknown;
}

/** A minimal Request: what ServerConnection touches. */
class FakeRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit
  ) {}
  readonly headers = { append() {}, has: () => true, set() {} };
}

/** A client whose server answers `status` with `body` (JSON unless a string). */
function clientAnswering(
  status: number,
  body: unknown,
  sent: ISent[] = []
): MlflowClient {
  const fetch = async (request: FakeRequest) => {
    sent.push({
      url: request.url,
      method: request.init.method ?? 'GET',
      body: request.init.body
        ? JSON.parse(String(request.init.body))
        : undefined
    });
    if (body instanceof Error) {
      throw body;
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return {
      ok: status >= 200 && status < 300,
      status,
      text: async () => text
    } as unknown as Response;
  };
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/lab-base/',
    fetch: fetch as unknown as typeof globalThis.fetch,
    Request: FakeRequest as unknown as typeof Request
  });
  return new MlflowClient({ serverSettings });
}

const STATUS = {
  available: true,
  install_hint: null,
  mlflow_version: '3.17.2',
  tracking_uris: [{ uri: 'sqlite:///mlflow.db', ui_url: null }],
  default_uri: 'sqlite:///mlflow.db'
};

const REQUEST: IMlflowPushRequest = {
  tracking_uri: '',
  runs: [
    {
      runlog_run_id: 'r1',
      experiment: { name: 'nb.ipynb', runlog_experiment_id: 'e1' },
      run_name: '#1 nb',
      status: 'FINISHED',
      start_time: 1,
      end_time: 2,
      params: [],
      metrics: [],
      tags: [],
      artifacts: [],
      mlflow_run_id: null,
      deleted: false
    }
  ]
};

describe('MlflowClient', () => {
  it('reads the status under the server base URL', async () => {
    const sent: ISent[] = [];
    const client = clientAnswering(200, STATUS, sent);
    expect(await client.status()).toEqual(STATUS);
    expect(sent[0].url).toMatch(
      /^http:\/\/localhost:8888\/lab-base\/runlog\/mlflow\/status\?\d+$/
    );
  });

  it('posts a push and checks the results against the runs sent', async () => {
    const sent: ISent[] = [];
    const result = {
      runlog_run_id: 'r1',
      ok: true,
      mlflow_run_id: 'abc',
      mlflow_experiment_id: '3',
      run_url: 'http://mlflow/#/experiments/3/runs/abc',
      warnings: []
    };
    const client = clientAnswering(200, { results: [result] }, sent);
    expect(await client.push(REQUEST)).toEqual({ results: [result] });
    expect(sent[0]).toMatchObject({ method: 'POST', body: REQUEST });
  });

  it('asks for runs with the query, leaving out what is not set', async () => {
    const sent: ISent[] = [];
    const page = {
      experiment: null,
      runs: [],
      next_page_token: null,
      host: 'localhost:5000'
    };
    const client = clientAnswering(200, page, sent);
    await client.runs({
      tracking_uri: '',
      experiment_name: 'a b&c',
      updated_after: 1700,
      page_token: null
    });
    const url = new URL(sent[0].url);
    expect(url.pathname).toBe('/lab-base/runlog/mlflow/runs');
    expect(url.searchParams.get('experiment_name')).toBe('a b&c');
    expect(url.searchParams.get('updated_after')).toBe('1700');
    expect(url.searchParams.has('page_token')).toBe(false);
    expect(url.searchParams.has('max_results')).toBe(false);
  });

  it('asks for at most max_results runs when given', async () => {
    const sent: ISent[] = [];
    const page = {
      experiment: null,
      runs: [],
      next_page_token: null,
      host: 'localhost:5000'
    };
    await clientAnswering(200, page, sent).runs({
      tracking_uri: '',
      experiment_name: 'e',
      updated_after: null,
      page_token: 'p2',
      max_results: 100
    });
    const url = new URL(sent[0].url);
    expect(url.searchParams.get('max_results')).toBe('100');
    expect(url.searchParams.get('page_token')).toBe('p2');
  });

  it.each([
    [503, { message: 'MLflow is unreachable', retryable: true }, 'offline'],
    [502, 'Bad gateway', 'offline'],
    [429, {}, 'offline'],
    [
      503,
      { message: 'pip install "jupyterlab_runlog[mlflow]"' },
      'unavailable'
    ],
    [404, '<html>Not found</html>', 'unavailable'],
    [404, { message: 'Run abc not found', retryable: false }, 'refused'],
    [403, { message: 'Tracking URI not allowed' }, 'refused'],
    [400, { message: 'bad request' }, 'refused']
  ])('maps HTTP %p (%j) to %p', async (status, body, kind) => {
    const error = await clientAnswering(status, body)
      .status()
      .catch(e => e);
    expect(error).toBeInstanceOf(SyncRequestError);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    if (typeof body === 'object' && 'message' in body) {
      expect(error.message).toBe(body.message);
    }
  });

  it('maps a network failure to offline', async () => {
    const error = await clientAnswering(0, new TypeError('Failed to fetch'))
      .status()
      .catch(e => e);
    expect(error).toBeInstanceOf(SyncRequestError);
    expect(error.kind).toBe('offline');
  });

  it.each([
    ['not JSON', '<html>proxy login</html>'],
    ['a list', [STATUS]],
    ['a wrong type', { ...STATUS, available: 'yes' }],
    [
      'a script link',
      {
        ...STATUS,
        tracking_uris: [{ uri: 'x', ui_url: 'javascript:alert(1)' }]
      }
    ]
  ])('refuses a status answer that is %s', async (_, body) => {
    await expect(clientAnswering(200, body).status()).rejects.toBeInstanceOf(
      MalformedAnswerError
    );
  });

  it.each([
    ['without results', {}],
    [
      'for a run not sent',
      {
        results: [
          { runlog_run_id: 'zz', ok: false, retryable: true, error: 'x' }
        ]
      }
    ],
    [
      'with two results for one run',
      {
        results: [
          { runlog_run_id: 'r1', ok: false, retryable: true, error: 'x' },
          { runlog_run_id: 'r1', ok: false, retryable: true, error: 'x' }
        ]
      }
    ],
    [
      'with a failure without a reason',
      { results: [{ runlog_run_id: 'r1', ok: false, retryable: true }] }
    ],
    ['with ok not a boolean', { results: [{ runlog_run_id: 'r1', ok: 'yes' }] }]
  ])('refuses a push answer %s', async (_, body) => {
    await expect(
      clientAnswering(200, body).push(REQUEST)
    ).rejects.toBeInstanceOf(MalformedAnswerError);
  });
});

describe('answer checks', () => {
  it('cuts long server messages', () => {
    const status = checkStatus({
      ...STATUS,
      available: false,
      install_hint: 'x'.repeat(5000)
    });
    expect(status.install_hint!.length).toBe(1000);
  });

  it.each([
    ['a host with a path', { host: 'evil.org/../x' }],
    ['runs that are not a list', { runs: {} }],
    ['a page token that is a number', { next_page_token: 3 }],
    ['an experiment without id', { experiment: { name: 'x', url: null } }]
  ])('refuses a runs page with %s', (_, change) => {
    const page = {
      experiment: { id: '1', name: 'nb', url: null },
      runs: [],
      next_page_token: null,
      host: 'mlflow.example.org:5000',
      ...change
    };
    expect(() => checkRunsPage(page)).toThrow(MalformedAnswerError);
  });

  it('keeps each pulled run as it came, for the mapping to check', () => {
    const odd = { run_id: 3 };
    const page = checkRunsPage({
      experiment: { id: '1', name: 'nb', url: null },
      runs: [odd],
      next_page_token: 'next',
      host: '127.0.0.1:5113'
    });
    expect(page.runs).toEqual([odd]);
    expect(page.next_page_token).toBe('next');
  });

  it('checks metric histories point by point', () => {
    expect(
      checkMetricHistory({
        history: [
          [0, 1.5],
          [1, -2]
        ],
        truncated: true
      })
    ).toEqual({
      history: [
        [0, 1.5],
        [1, -2]
      ],
      truncated: true
    });
    expect(() =>
      checkMetricHistory({ history: [[0, '1']], truncated: false })
    ).toThrow(MalformedAnswerError);
    expect(() => checkMetricHistory({ history: [] })).toThrow(
      MalformedAnswerError
    );
  });
});
