/**
 * Pull: the runs of an experiment's MLflow experiment that are not in this
 * browser, added as imported runs (origin `mlflow:HOST`). Incremental (a
 * mark per tracking URI and experiment), one import transaction per page.
 * MLflow content is untrusted: a run the mapping refuses is skipped with
 * its reason and the others are still added. Runs deleted for good here
 * (tombstones) are never brought back.
 *
 * Kept out of long tasks: the first page is small, so the first pulled
 * rows show while MLflow still lists the rest, and a page's runs are
 * mapped and imported in slices with the page let paint between them
 * (mapping 1,000 runs in one go took ~65 ms, importing them more).
 */
import type { IMlflowSync, IRunStore } from '../tokens';
import type { IRunRecord } from '../model/types';
import type { IMlflowClient } from './mlflowClient';
import type { IRunMapper } from './mapper';
import type { IndexedDBSyncStateStore } from './../store/syncStates';
import { yieldToPage } from './yieldToPage';

/** Pages read by one pull at most: a server that never stops paging is cut off. */
export const MAX_PULL_PAGES = 1000;
/** Runs asked for in the first page: few, so the first rows come soon. */
export const FIRST_PULL_PAGE_RUNS = 100;
/** Runs asked for in each later page (the server's most). */
export const PULL_PAGE_RUNS = 1000;
/** Runs mapped, then imported, between two yields to the page. */
export const PULL_SLICE_RUNS = 100;

/** The `sync_meta` key of an experiment's pull mark. */
export function pullMarkKey(trackingUri: string, experimentId: string): string {
  return `pull:${trackingUri}:${experimentId}`;
}

export interface IPullContext {
  store: IRunStore;
  states: Pick<IndexedDBSyncStateStore, 'getMeta' | 'setMeta'>;
  client: IMlflowClient;
  mapper: IRunMapper;
  trackingUri: string;
  experimentNameTemplate: string;
  now: () => number;
  /** Lets the page paint between slices (tests count the calls). */
  yieldToPage?: () => Promise<void>;
}

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string-valued tags of an untrusted run. */
function stringTags(run: Json): { [key: string]: string } {
  const tags: { [key: string]: string } = {};
  if (isObject(run.tags)) {
    for (const [key, value] of Object.entries(run.tags)) {
      if (typeof value === 'string') {
        tags[key] = value;
      }
    }
  }
  return tags;
}

/** Epoch ms of the latest time an untrusted run reports, or null. */
function latestTime(run: Json): number | null {
  const times = [run.start_time, run.end_time].filter(
    (t): t is number => typeof t === 'number' && Number.isFinite(t)
  );
  return times.length ? Math.max(...times) : null;
}

function runIdOf(run: unknown): string {
  const id = isObject(run) ? run.run_id : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : '?';
}

export async function pullExperiment(
  context: IPullContext,
  experimentId: string
): Promise<IMlflowSync.IPullResult> {
  const { store, states, client, mapper, trackingUri } = context;
  const pause = context.yieldToPage ?? yieldToPage;
  const experiment = (await store.listExperiments()).find(
    e => e.id === experimentId
  );
  if (!experiment) {
    throw new Error(`No runs are recorded for experiment ${experimentId}.`);
  }
  const ref = { id: experiment.id, name: experiment.name };
  const experimentName = mapper.experimentNameFor(
    context.experimentNameTemplate,
    { notebook_path: experiment.notebook_path, experiment: ref }
  );
  const markKey = pullMarkKey(trackingUri, experimentId);
  const stored = await states.getMeta(markKey);
  const since = typeof stored === 'number' ? stored : null;
  const importedAt = new Date(context.now()).toISOString();
  // Runs deleted for good here stay deleted: ours by their tag (tombstones
  // read once, only when a page names one of ours that is not stored),
  // pulled ones by the import's `skipPurged`.
  let purged: Set<string> | null = null;
  const result: IMlflowSync.IPullResult = { added: 0, known: 0, skipped: [] };
  let newest = since;
  let pageToken: string | null = null;
  const tokensSeen = new Set<string>();

  for (let page = 0; page < MAX_PULL_PAGES; page++) {
    const answer = await client.runs({
      tracking_uri: trackingUri,
      experiment_name: experimentName,
      updated_after: since,
      page_token: pageToken,
      max_results: page === 0 ? FIRST_PULL_PAGE_RUNS : PULL_PAGE_RUNS
    });
    if (answer.experiment === null) {
      break; // Nothing was ever pushed to this experiment.
    }
    const runs: unknown[] = answer.runs;
    // Ours: runs whose runlog.run_id names a run this browser has.
    const ownIds = new Map<unknown, string>();
    for (const run of runs) {
      const id = isObject(run) ? mapper.mlflowRunIdOf(stringTags(run)) : null;
      if (id) {
        ownIds.set(run, id);
      }
    }
    const present = new Set(
      (await store.getRuns([...new Set(ownIds.values())])).map(r => r.id)
    );
    if (purged === null && [...ownIds.values()].some(id => !present.has(id))) {
      purged = new Set((await store.listPurged(experimentId)).map(t => t.id));
    }
    const records = new Map<string, IRunRecord>();
    for (const [index, run] of runs.entries()) {
      if (index > 0 && index % PULL_SLICE_RUNS === 0) {
        await pause();
      }
      if (isObject(run)) {
        const time = latestTime(run);
        if (time !== null && (newest === null || time > newest)) {
          newest = time;
        }
      }
      const ownId = ownIds.get(run);
      if (ownId !== undefined && purged?.has(ownId)) {
        continue;
      }
      if (ownId !== undefined && present.has(ownId)) {
        result.known += 1;
        continue;
      }
      const mapped = mapper.pulledRunToRecord(run, {
        host: answer.host,
        experiment: ref,
        notebookPath: experiment.notebook_path,
        importedAt,
        trackingUri
      });
      if (!mapped.ok) {
        result.skipped.push({
          mlflow_run_id: runIdOf(run),
          reason: mapped.reason
        });
      } else if (records.has(mapped.record.id)) {
        result.known += 1; // The page listed the same run twice.
      } else {
        records.set(mapped.record.id, mapped.record);
      }
    }
    const toImport = [...records.values()];
    for (let i = 0; i < toImport.length; i += PULL_SLICE_RUNS) {
      await pause();
      const imported = await store.importRuns(
        toImport.slice(i, i + PULL_SLICE_RUNS),
        { skipPurged: true }
      );
      result.added += imported.added.length;
      result.known += imported.identical.length + imported.conflicting.length;
    }
    pageToken = answer.next_page_token;
    if (pageToken === null || tokensSeen.has(pageToken)) {
      break;
    }
    tokensSeen.add(pageToken);
  }
  if (newest !== null && newest !== since) {
    await states.setMeta(markKey, newest);
  }
  return result;
}
