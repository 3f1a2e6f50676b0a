/**
 * Exporting runs to bundle text and importing bundle text into the store:
 * the steps between the pure bundle model and the commands.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  bundleOrigin,
  IBundleHeader,
  IBundleIssue,
  IBundleLimits,
  readBundle,
  writeBundle
} from '../model/bundle';
import { IRedactionOptions, redactRun } from '../model/redaction/redaction';
import type { IRunRecord } from '../model/types';
import type { IRunStore, IRunSummary } from '../tokens';
import { RUNLOG_VERSION } from '../version';
import { timedPhase } from './phaseTiming';

export interface ITransferOptions {
  trans: TranslationBundle;
  redaction: IRedactionOptions;
  limits: IBundleLimits;
  signal?: AbortSignal;
  /** Fraction done, 0…1. */
  onProgress?: (fraction: number) => void;
}

export interface IExported {
  text: string;
  runCount: number;
  /** Parameters redacted on the way out (already redacted ones not counted). */
  redactedCount: number;
}

/**
 * The bundle text of the stored runs `runIds` (unknown ids are skipped),
 * with secrets redacted again: a setting changed since capture, or a run
 * imported from elsewhere, still leaves no secret in the file. Runs in the
 * trash are left out unless `includeDeleted`: then they go with their
 * deleted state.
 */
export async function exportRuns(
  store: IRunStore,
  runIds: readonly string[],
  options: ITransferOptions & { user?: string; includeDeleted?: boolean }
): Promise<IExported> {
  const stored = await timedPhase('runlog export: read runs', () =>
    store.getRuns(runIds)
  );
  const runs = options.includeDeleted
    ? stored
    : stored.filter(run => run.deleted === undefined);
  let redactedCount = 0;
  const text = await timedPhase('runlog export: write bundle', () =>
    writeBundle(runs, {
      appVersion: RUNLOG_VERSION,
      user: options.user,
      includeDeleted: options.includeDeleted,
      limits: options.limits,
      trans: options.trans,
      signal: options.signal,
      onProgress: (done, total) =>
        options.onProgress?.(total === 0 ? 1 : done / total),
      transformRun: run => {
        const redacted = redactRun(run, options.redaction);
        redactedCount += redacted.redacted.length;
        return redacted.run;
      }
    })
  );
  return { text, runCount: runs.length, redactedCount };
}

export type ImportOutcome =
  | { ok: false; errors: IBundleIssue[] }
  | {
      ok: true;
      bundle: IBundleHeader;
      result: IRunStore.IImportResult;
      /** Runs by id as imported (for naming conflicting ones). */
      runs: Map<string, IRunRecord>;
      redactedCount: number;
      warnings: IBundleIssue[];
    };

/** The part of an import's progress bar that checking takes (storing the rest). */
const CHECKED_SHARE = 0.4;

/**
 * Check a bundle file's bytes (which must be UTF-8) or text and import its
 * runs in one transaction. Bad input resolves `{ ok: false, errors }` and
 * leaves the store unchanged; a store failure (quota) rejects, also with
 * nothing written.
 */
export async function importBundleText(
  store: IRunStore,
  content: string | Uint8Array,
  file: string,
  options: ITransferOptions & { importedAt?: string }
): Promise<ImportOutcome> {
  const read = await timedPhase('runlog import: check bundle', () =>
    readBundle(content, options.limits, {
      trans: options.trans,
      signal: options.signal,
      onProgress: (done, total) =>
        options.onProgress?.(
          total === 0 ? CHECKED_SHARE : (CHECKED_SHARE * done) / total
        )
    })
  );
  if (!read.ok) {
    return { ok: false, errors: read.errors };
  }
  const origin = bundleOrigin(
    read.bundle,
    file,
    options.importedAt ?? new Date().toISOString()
  );
  let redactedCount = 0;
  const runs = new Map<string, IRunRecord>();
  for (const run of read.runs) {
    const redacted = redactRun(run, options.redaction);
    redactedCount += redacted.redacted.length;
    runs.set(run.id, { ...redacted.run, origin });
  }
  const result = await timedPhase('runlog import: store runs', () =>
    store.importRuns([...runs.values()], {
      signal: options.signal,
      onProgress: fraction =>
        options.onProgress?.(CHECKED_SHARE + (1 - CHECKED_SHARE) * fraction)
    })
  );
  options.onProgress?.(1);
  return {
    ok: true,
    bundle: read.bundle,
    result,
    runs,
    redactedCount,
    warnings: read.warnings
  };
}

/** Runs named for a message: `#3, #5 and 2 more`. */
function runNames(
  ids: readonly string[],
  runs: Map<string, IRunRecord>,
  trans: TranslationBundle,
  max = 5
): string {
  const names = ids
    .slice(0, max)
    .map(id => `#${runs.get(id)?.number ?? '?'} (${id.slice(0, 8)})`);
  const more = ids.length - max;
  return more > 0
    ? trans.__('%1 and %2 more', names.join(', '), more)
    : names.join(', ');
}

/** Renumbered runs for a message: `#1e+21 → #251, #3 → #252 and 2 more`. */
function renumberedNames(
  runs: readonly IRunSummary[],
  trans: TranslationBundle,
  max = 5
): string {
  const names = runs
    .slice(0, max)
    .map(run => `#${run.origin?.original_number} → #${run.number}`);
  const more = runs.length - max;
  return more > 0
    ? trans.__('%1 and %2 more', names.join(', '), more)
    : names.join(', ');
}

/** What an import did, in sentences for the user. */
export function describeImport(
  outcome: Extract<ImportOutcome, { ok: true }>,
  file: string,
  trans: TranslationBundle
): string[] {
  const { result, runs } = outcome;
  const experiments = new Set(
    result.added.map(run => run.experiment.name || run.experiment.id)
  );
  const lines: string[] = [];
  lines.push(
    result.added.length === 0
      ? trans.__('No new runs in %1.', file)
      : trans._n(
          'Imported %1 run from %2 into %3.',
          'Imported %1 runs from %2 into %3.',
          result.added.length,
          file,
          [...experiments].join(', ')
        )
  );
  if (result.identical.length > 0) {
    lines.push(
      trans._n(
        '%1 run was already here: nothing to add.',
        '%1 runs were already here: nothing to add.',
        result.identical.length
      )
    );
  }
  if (result.conflicting.length > 0) {
    lines.push(
      trans._n(
        '%1 run differs from the stored run with the same id; the stored one was kept: %2.',
        '%1 runs differ from the stored runs with the same ids; the stored ones were kept: %2.',
        result.conflicting.length,
        runNames(result.conflicting, runs, trans)
      )
    );
  }
  const renumbered = result.added.filter(
    run => run.origin?.original_number !== undefined
  );
  if (renumbered.length > 0) {
    lines.push(
      trans._n(
        '%1 run was renumbered, its number being out of range or held by another run: %2.',
        '%1 runs were renumbered, their numbers being out of range or held by other runs: %2.',
        renumbered.length,
        renumberedNames(renumbered, trans)
      )
    );
  }
  if (outcome.redactedCount > 0) {
    lines.push(
      trans._n(
        '%1 parameter value that looked like a secret was redacted.',
        '%1 parameter values that looked like secrets were redacted.',
        outcome.redactedCount
      )
    );
  }
  for (const warning of outcome.warnings) {
    lines.push(warning.message);
  }
  return lines;
}
