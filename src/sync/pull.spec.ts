/**
 * Pulling many runs stays out of long tasks: a small first page, and the
 * runs of a page mapped and imported in slices with the page let paint in
 * between. The store is a recording fake; the server answers go through
 * the real answer checks (FakeServer).
 */
import type { IRunRecord, JSONValue } from '../model/types';
import { makeRun } from '../store/__tests__/fixtures';
import type { IRunStore } from '../tokens';
import { fakeMapper, FakeServer, mlflowRun } from './__tests__/fakes';
import {
  FIRST_PULL_PAGE_RUNS,
  PULL_PAGE_RUNS,
  PULL_SLICE_RUNS,
  pullExperiment
} from './pull';

const local = makeRun();

function page(from: number, count: number, nextPageToken: string | null) {
  const runs = [];
  for (let i = from; i < from + count; i++) {
    runs.push(mlflowRun(`r${i}`));
  }
  return {
    experiment: { id: '1', name: local.notebook_path, url: null },
    runs,
    next_page_token: nextPageToken,
    host: 'mlflow.example.org'
  };
}

/** What happened, in order: yields, mappings and imports. */
function setUp() {
  const events: string[] = [];
  const server = new FakeServer();
  const imported: IRunRecord[][] = [];
  const store = {
    listExperiments: async () => [
      {
        id: local.experiment.id,
        name: local.experiment.name,
        notebook_path: local.notebook_path
      }
    ],
    getRuns: async () => [],
    listPurged: async () => [],
    importRuns: async (runs: readonly IRunRecord[]) => {
      events.push(`import ${runs.length}`);
      imported.push([...runs]);
      return { added: [...runs], identical: [], conflicting: [] };
    }
  } as unknown as IRunStore;
  const meta = new Map<string, JSONValue>();
  const context = {
    store,
    states: {
      getMeta: async (key: string) => meta.get(key),
      setMeta: async (key: string, value: JSONValue) => {
        meta.set(key, value);
      }
    },
    client: server,
    mapper: {
      ...fakeMapper,
      pulledRunToRecord: (
        data: unknown,
        c: Parameters<typeof fakeMapper.pulledRunToRecord>[1]
      ) => {
        events.push('map');
        return fakeMapper.pulledRunToRecord(data, c);
      }
    },
    trackingUri: '',
    experimentNameTemplate: '{notebook_path}',
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    yieldToPage: async () => {
      events.push('yield');
    }
  };
  return { events, server, imported, context };
}

/** The longest run of `kind` events with no yield between them. */
function longestStretch(events: string[], kind: RegExp): number {
  let longest = 0;
  let current = 0;
  for (const event of events) {
    if (event === 'yield') {
      current = 0;
    } else if (kind.test(event)) {
      current += Number(event.split(' ')[1] ?? 1);
      longest = Math.max(longest, current);
    }
  }
  return longest;
}

describe('pullExperiment in slices', () => {
  it('asks for a small first page, then full pages', async () => {
    const { server, context } = setUp();
    server.pages = [page(0, 3, 'p2'), page(3, 2, null)];
    await pullExperiment(context, local.experiment.id);
    expect(server.runsQueries.map(q => q.max_results)).toEqual([
      FIRST_PULL_PAGE_RUNS,
      PULL_PAGE_RUNS
    ]);
    expect(FIRST_PULL_PAGE_RUNS).toBeLessThan(PULL_PAGE_RUNS);
  });

  it('maps and imports a page of runs in slices, yielding between them', async () => {
    const { events, server, imported, context } = setUp();
    const count = 2 * PULL_SLICE_RUNS + 50;
    server.pages = [page(0, count, null)];
    const result = await pullExperiment(context, local.experiment.id);

    expect(result.added).toBe(count);
    expect(events.filter(e => e === 'map')).toHaveLength(count);
    expect(longestStretch(events, /^map$/)).toBeLessThanOrEqual(
      PULL_SLICE_RUNS
    );
    expect(longestStretch(events, /^import /)).toBeLessThanOrEqual(
      PULL_SLICE_RUNS
    );
    expect(imported.map(runs => runs.length)).toEqual([
      PULL_SLICE_RUNS,
      PULL_SLICE_RUNS,
      50
    ]);
    // Every run is imported once, in the page's order.
    expect(imported.flat().map(run => run.id)).toEqual(
      page(0, count, null).runs.map(
        run => `mlflow-mlflow.example.org-${run.run_id}`
      )
    );
  });
});
