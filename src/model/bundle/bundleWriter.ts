/**
 * Writes runs as a bundle file (docs/bundle-format.md): deterministic text
 * with a SHA-256 checksum, one run per line.
 */
import type { IRunRecord } from '../types';
import {
  BUNDLE_APP,
  BUNDLE_FORMAT,
  DEFAULT_BUNDLE_LIMITS,
  IBundleExporter,
  IBundleIssue,
  IBundleLimits,
  IBundleTranslator,
  TimeSlicer,
  UNTRANSLATED
} from './bundleFormat';
import { RUN_SHAPE } from './bundleShapes';
import {
  canonicalBundleParts,
  joinBundleParts,
  layoutBundle,
  sha256Text
} from './bundleText';
import { canonicalJson, compareCodeUnits } from './canonicalJson';
import { checkRunRecord } from './bundleValidation';
import { isDateTime } from './dateTime';
import { IssueCollector, reportDuplicate } from './issues';
import { RECORD_FORMAT_VERSION } from './recordMigrations';

export interface IWriteBundleOptions {
  /** The exporting jupyterlab-runlog version (package.json `version`). */
  appVersion: string;
  /** The exporting user, written as `exported_by.user` when given. */
  user?: string;
  /**
   * The `exported_at` to write. By default, the newest `updated_at` of the
   * runs, so that exporting unchanged runs again gives an unchanged file.
   */
  exportedAt?: string;
  /** Applied to each run before it is written (e.g. redacting secrets). */
  transformRun?: (run: IRunRecord) => IRunRecord;
  /** Called as runs are written, and once with done === total at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels the export: the promise rejects with a BundleAbortError. */
  signal?: AbortSignal;
  /**
   * Runs are checked against these (default DEFAULT_BUNDLE_LIMITS) so the
   * file imports where the same limits apply. Size and run count are not
   * checked: a reader may allow more.
   */
  limits?: IBundleLimits;
  trans?: IBundleTranslator;
  /** Use the browser's native SHA-256 when there is one (default true). */
  nativeDigest?: boolean;
  /** How long loops run before giving the event loop a turn (default 40 ms). */
  sliceMs?: number;
}

/** An export refused because some runs would not import (bad shape, limits, duplicate ids). */
export class BundleWriteError extends Error {
  constructor(
    message: string,
    /** Paths are `/runs/<index in the list given to writeBundle>/...`. */
    readonly issues: IBundleIssue[]
  ) {
    super(message);
    this.name = 'BundleWriteError';
  }
}

/** The epoch, as `exported_at` of a bundle without runs. */
const EMPTY_EXPORTED_AT = '1970-01-01T00:00:00.000Z';

/**
 * The bundle text of `runs`. The same runs (in any order, with members in
 * any order) and the same options give the same text, byte for byte.
 */
export async function writeBundle(
  runs: readonly IRunRecord[],
  options: IWriteBundleOptions
): Promise<string> {
  const trans = options.trans ?? UNTRANSLATED;
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const slicer = new TimeSlicer(options.signal, options.sliceMs);
  const total = runs.length;
  const report = (done: number) => options.onProgress?.(done, total);
  const c = new IssueCollector(trans);

  const records: IRunRecord[] = [];
  const firstIndexOfId = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const run = options.transformRun ? options.transformRun(runs[i]) : runs[i];
    if (checkRunRecord(run, i, limits, c, RUN_SHAPE)) {
      const first = firstIndexOfId.get(run.id);
      if (first === undefined) {
        firstIndexOfId.set(run.id, i);
        records.push(run);
      } else {
        reportDuplicate(run.id, first, i, c);
      }
    }
    if (slicer.due()) {
      report(Math.floor(i / 2));
      await slicer.pause();
    }
  }
  checkHeader(options, c);
  if (c.issues.length) {
    const first = c.issues[0].message;
    throw new BundleWriteError(
      c.issues.length === 1
        ? trans.__('The export was refused: %1', first)
        : trans.__(
            'The export was refused for %1 reasons; the first: %2',
            c.issues.length,
            first
          ),
      c.issues
    );
  }

  records.sort(compareRunOrder);
  const runTexts: string[] = [];
  for (let i = 0; i < records.length; i++) {
    runTexts.push(canonicalJson(records[i]));
    if (slicer.due()) {
      report(Math.floor((total + i) / 2));
      await slicer.pause();
    }
  }

  const exportedBy: IBundleExporter = {
    app: BUNDLE_APP,
    version: options.appVersion
  };
  if (options.user !== undefined) {
    exportedBy.user = options.user;
  }
  const parts = canonicalBundleParts(
    {
      exported_at: options.exportedAt ?? newestUpdate(records),
      exported_by: exportedBy,
      format: BUNDLE_FORMAT,
      runs: [],
      version: RECORD_FORMAT_VERSION
    },
    runTexts
  );
  const checksum =
    'sha256:' +
    (await sha256Text(joinBundleParts(parts), slicer, options.nativeDigest));
  report(total);
  return layoutBundle(parts, checksum);
}

/** File order: by experiment id, then run number, then run id (code units, not locale). */
export function compareRunOrder(a: IRunRecord, b: IRunRecord): number {
  return (
    compareCodeUnits(a.experiment.id, b.experiment.id) ||
    a.number - b.number ||
    compareCodeUnits(a.id, b.id)
  );
}

/** The newest `updated_at` (by time, then by text so ties are deterministic). */
function newestUpdate(records: readonly IRunRecord[]): string {
  let newest = EMPTY_EXPORTED_AT;
  let newestTime = Date.parse(newest);
  for (const run of records) {
    const time = Date.parse(run.updated_at);
    if (time > newestTime || (time === newestTime && run.updated_at > newest)) {
      newest = run.updated_at;
      newestTime = time;
    }
  }
  return newest;
}

function checkHeader(options: IWriteBundleOptions, c: IssueCollector): void {
  if (typeof options.appVersion !== 'string' || !options.appVersion) {
    c.add(
      'bad-value',
      c.trans.__('The exporting version must be a non-empty text.'),
      'exported_by'
    );
  }
  if (options.user !== undefined && typeof options.user !== 'string') {
    c.add(
      'wrong-type',
      c.trans.__('The exporting user must be a text.'),
      'exported_by'
    );
  }
  if (options.exportedAt !== undefined && !isDateTime(options.exportedAt)) {
    c.add(
      'bad-value',
      c.trans.__(
        'The export time must be an ISO 8601 date and time with a time zone; found %1.',
        String(options.exportedAt)
      ),
      'exported_at'
    );
  }
}
