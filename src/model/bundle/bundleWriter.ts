/**
 * Writes runs as a bundle file (docs/bundle-format.md): deterministic text
 * with a SHA-256 checksum, one run per line.
 */
import type { IRunRecord } from '../types';
import {
  BUNDLE_APP,
  BUNDLE_FORMAT,
  CHECKSUM_PREFIX,
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
  EXPORTED_PREFIX,
  layoutBundle,
  RUN_SEPARATOR,
  sha256OfExportedText
} from './bundleText';
import { canonicalJson, compareCodeUnits } from './canonicalJson';
import { checkRunRecord } from './bundleValidation';
import { isDateTime } from './dateTime';
import { IssueCollector, reportDuplicate } from './issues';
import { RECORD_FORMAT_VERSION } from './recordMigrations';
import { canonicalCopyWithin } from './shapeLimits';

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
  /**
   * Keep `deleted` on runs in the trash (default false: a bundle shares
   * runs, not where they sit in this browser's trash, so it is left out).
   * Imported, a run with `deleted` goes to the trash there.
   */
  includeDeleted?: boolean;
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

// Read once: where the global object is a proxy (jest's vm context, some
// sandboxes) a global lookup per run is slow.
const { stringify } = JSON;

/** `run` without its trash state (the same object when it has none). */
function withoutDeleted(run: IRunRecord): IRunRecord {
  if (run.deleted === undefined) {
    return run;
  }
  const { deleted: _deleted, ...rest } = run;
  return rest;
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
  const slicer = new TimeSlicer(options.signal, options.sliceMs);
  const total = runs.length;
  let reported = 0;
  // Never backwards, also when the fast path gives up half way.
  const report = (done: number) => {
    reported = Math.max(reported, done);
    options.onProgress?.(reported, total);
  };

  // Each run is transformed once, whichever way it is then written.
  const records: IRunRecord[] = [];
  for (let i = 0; i < total; i++) {
    const run = options.transformRun ? options.transformRun(runs[i]) : runs[i];
    records.push(options.includeDeleted ? run : withoutDeleted(run));
    if (slicer.due()) {
      report(Math.floor(i / 4));
      await slicer.pause();
    }
  }
  const pass: IWritePass = { options, records, slicer, report };
  // Valid runs (nearly every export) take one walk per run; anything else
  // the checked path, which reports problems in the order of `runs`.
  const lines =
    (headerIsValid(options) && (await writeValidRuns(pass))) ||
    (await writeCheckedRuns(pass, trans));

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
    lines.blocks()
  );
  // Lay the file out with a stand-in checksum, then hash the file itself the
  // way the reader checks it: no separate copy of the hashed text is built.
  const unsigned = layoutBundle(parts, CHECKSUM_PREFIX + '0'.repeat(64));
  const hex = await sha256OfExportedText(
    unsigned,
    slicer,
    options.nativeDigest
  );
  report(total);
  return EXPORTED_PREFIX + hex + unsigned.slice(EXPORTED_PREFIX.length + 64);
}

/** What both ways of writing the runs work on. */
interface IWritePass {
  options: IWriteBundleOptions;
  /** The runs, transformed, in the order given. */
  records: readonly IRunRecord[];
  slicer: TimeSlicer;
  report: (done: number) => void;
}

/**
 * The runs' lines in file order when every run is valid and its id unique,
 * each run checked and copied in canonical order in one walk; null as soon
 * as one is not, with nothing reported (writeCheckedRuns then says what is
 * wrong, in the order of `runs`).
 */
async function writeValidRuns(pass: IWritePass): Promise<RunLines | null> {
  const { records, slicer, report } = pass;
  const limits = pass.options.limits ?? DEFAULT_BUNDLE_LIMITS;
  if (!records.every(hasSortKeys)) {
    return null;
  }
  const sorted = records.slice().sort(compareRunOrder);
  const ids = new Set<string>();
  const scratch = new IssueCollector(UNTRANSLATED);
  const lines = new RunLines();
  for (let i = 0; i < sorted.length; i++) {
    const run = sorted[i];
    if (ids.has(run.id)) {
      return null;
    }
    ids.add(run.id);
    const copy = canonicalCopyWithin(run, RUN_SHAPE, 3, limits);
    if (copy !== undefined) {
      lines.add(stringify(copy));
    } else if (checkRunRecord(run, i, limits, scratch, RUN_SHAPE)) {
      // Valid, but written member by member (integer keys).
      lines.add(canonicalJson(run));
    } else {
      return null;
    }
    if (slicer.due()) {
      report(Math.floor((sorted.length + 3 * i) / 4));
      await slicer.pause();
    }
  }
  return lines;
}

/** Check every run, report problems and refuse the export, or write the valid runs' lines. */
async function writeCheckedRuns(
  pass: IWritePass,
  trans: IBundleTranslator
): Promise<RunLines> {
  const { options, records, slicer, report } = pass;
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const total = records.length;
  const c = new IssueCollector(trans);
  const valid: IRunRecord[] = [];
  const firstIndexOfId = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const run = records[i];
    if (checkRunRecord(run, i, limits, c, RUN_SHAPE)) {
      const first = firstIndexOfId.get(run.id);
      if (first === undefined) {
        firstIndexOfId.set(run.id, i);
        valid.push(run);
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

  valid.sort(compareRunOrder);
  const lines = new RunLines();
  for (let i = 0; i < valid.length; i++) {
    lines.add(canonicalJson(valid[i]));
    if (slicer.due()) {
      report(Math.floor((total + i) / 2));
      await slicer.pause();
    }
  }
  return lines;
}

/** Whether compareRunOrder can compare `run` (a valid run always can). */
function hasSortKeys(run: IRunRecord): boolean {
  return (
    typeof run === 'object' &&
    run !== null &&
    typeof run.id === 'string' &&
    typeof run.number === 'number' &&
    typeof run.experiment === 'object' &&
    run.experiment !== null &&
    typeof run.experiment.id === 'string'
  );
}

/**
 * Run texts joined into blocks as they are written, with the separator the
 * file puts between runs (layoutBundle writes blocks as it writes runs). A
 * few large strings then outlive the loop instead of thousands of small
 * ones, which the young-generation collector would copy again and again.
 */
class RunLines {
  private readonly done: string[] = [];
  private pending: string[] = [];

  add(text: string): void {
    this.pending.push(text);
    if (this.pending.length === RUNS_PER_BLOCK) {
      this.done.push(this.pending.join(RUN_SEPARATOR));
      this.pending = [];
    }
  }

  blocks(): string[] {
    return this.pending.length
      ? [...this.done, this.pending.join(RUN_SEPARATOR)]
      : this.done;
  }
}

/** Enough runs that a block is allocated as a large object (over 128 KB) for typical runs. */
const RUNS_PER_BLOCK = 64;

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

function headerIsValid(options: IWriteBundleOptions): boolean {
  const c = new IssueCollector(UNTRANSLATED);
  checkHeader(options, c);
  return c.issues.length === 0;
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
