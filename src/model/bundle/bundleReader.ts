/**
 * Reads and validates a bundle file (docs/bundle-format.md). The text is
 * untrusted: every problem becomes an issue with a path and a message; the
 * promise only rejects when the read is cancelled.
 */
import type { IRunRecord } from '../types';
import {
  BUNDLE_FORMAT,
  BundleReadResult,
  DEFAULT_BUNDLE_LIMITS,
  IBundleExporter,
  IBundleHeader,
  IBundleLimits,
  IBundleTranslator,
  isAbortError,
  shorten,
  TimeSlicer,
  UNTRANSLATED
} from './bundleFormat';
import {
  checkChecksum,
  checkEnvelope,
  checkFormatAndVersion,
  parseWithinLimits
} from './bundleChecks';
import { RUN_SHAPE } from './bundleShapes';
import { checkShape, isPlainObject, ownMember } from './bundleValidation';
import { IssueCollector, reportDuplicate } from './issues';
import { checkJsonLimits } from './jsonLimits';
import { withinShapeAndLimits } from './shapeLimits';
import { overSizeLimitMessage } from './byteSizes';
import { decodeUtf8, loneSurrogateIndex } from './utf8';
import {
  formatVersionOf,
  migrateRecord,
  RECORD_MIGRATIONS,
  RecordMigration
} from './recordMigrations';

export interface IReadBundleOptions {
  /** Record upgrades (default RECORD_MIGRATIONS); injectable for tests. */
  migrations?: readonly RecordMigration[];
  /** Called as runs are checked, and once with done === total at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Cancels the read: the promise rejects with a BundleAbortError. */
  signal?: AbortSignal;
  trans?: IBundleTranslator;
  /** Use the browser's native SHA-256 when there is one (default true). */
  nativeDigest?: boolean;
  /** How long loops run before giving the event loop a turn (default 40 ms). */
  sliceMs?: number;
}

/**
 * The text of a bundle file's bytes, checked to be UTF-8 (a file's bytes
 * over the size limit are not decoded); text given as such is checked to
 * be encodable as UTF-8, so the checksum is over the bytes a file holds.
 * Undefined after an issue.
 */
function textOf(
  content: string | Uint8Array,
  limits: IBundleLimits,
  c: IssueCollector
): string | undefined {
  const trans = c.trans;
  if (typeof content === 'string') {
    const at = loneSurrogateIndex(content);
    if (at >= 0) {
      c.add(
        'not-utf8',
        trans.__(
          'The text holds a lone surrogate (U+%1) at character %2: it is not the text of a UTF-8 file.',
          content.charCodeAt(at).toString(16).toUpperCase(),
          at
        ),
        undefined,
        at
      );
      return undefined;
    }
    return content;
  }
  if (!ArrayBuffer.isView(content)) {
    c.add('not-json', trans.__('The bundle is not text.'));
    return undefined;
  }
  if (content.length > limits.maxBytes) {
    c.add(
      'too-large',
      overSizeLimitMessage(content.length, limits.maxBytes, trans)
    );
    return undefined;
  }
  const decoded = decodeUtf8(content);
  if (typeof decoded !== 'string') {
    c.add(
      'not-utf8',
      trans.__(
        'The file is not UTF-8 text: the bytes at offset %1 (%2) are not a UTF-8 character. Bundles are JSON, which must be UTF-8 (RFC 8259); the file may be damaged or saved in another encoding.',
        decoded.offset,
        decoded.bytes
      ),
      undefined,
      decoded.offset
    );
    return undefined;
  }
  return decoded;
}

/**
 * Parse, check and migrate a bundle. Resolves `{ ok: false, errors }` for
 * any bad input (never throws for it); `{ ok: true, ... }` only when every
 * check passed.
 */
export async function readBundle(
  content: string | Uint8Array,
  limits: IBundleLimits = DEFAULT_BUNDLE_LIMITS,
  options: IReadBundleOptions = {}
): Promise<BundleReadResult> {
  try {
    return await readChecked(content, limits, options);
  } catch (error) {
    if (isAbortError(error)) {
      throw error;
    }
    // A check that failed in an unforeseen way (say, a stack overflow with
    // a very high maxDepth setting) still refuses the file, not the promise.
    const trans = options.trans ?? UNTRANSLATED;
    return {
      ok: false,
      errors: [
        {
          code: 'unreadable',
          path: '',
          message: trans.__(
            'The file could not be checked: %1',
            shorten(error instanceof Error ? error.message : String(error), 200)
          )
        }
      ]
    };
  }
}

async function readChecked(
  content: string | Uint8Array,
  limits: IBundleLimits,
  options: IReadBundleOptions
): Promise<BundleReadResult> {
  const trans = options.trans ?? UNTRANSLATED;
  const migrations = options.migrations ?? RECORD_MIGRATIONS;
  const slicer = new TimeSlicer(options.signal, options.sliceMs);
  const c = new IssueCollector(trans);
  const fail = (): BundleReadResult => ({ ok: false, errors: c.issues });

  let text = textOf(content, limits, c);
  if (text === undefined) {
    return fail();
  }

  if (typeof text === 'string' && text.charCodeAt(0) === 0xfeff) {
    // A byte order mark (some Windows editors add one) is not JSON.
    text = text.slice(1);
  }
  const parsed = parseWithinLimits(text, limits, c, options.nativeDigest);
  if (parsed === undefined) {
    return fail();
  }
  const root = parsed.root;
  const version = checkFormatAndVersion(root, migrations, c);
  if (version === undefined) {
    return fail();
  }
  const runs = ownMember(root, 'runs');
  if (Array.isArray(runs) && runs.length > limits.maxRuns) {
    c.add(
      'too-many-runs',
      trans.__(
        '"runs" holds %1 runs; the limit is %2.',
        runs.length,
        limits.maxRuns
      ),
      'runs'
    );
    return fail();
  }

  const warnings = new IssueCollector(trans);
  await checkChecksum(
    text,
    root,
    c,
    warnings,
    slicer,
    options.nativeDigest,
    parsed.exportedDigest
  );
  checkEnvelope(root, limits, c);

  const records: IRunRecord[] = [];
  if (Array.isArray(runs)) {
    // Runs of the current version need no upgrade: one combined walk checks
    // limits and shape, and only runs it refuses take the reporting walks.
    const current = version === formatVersionOf(migrations);
    const firstIndexOfId = new Map<string, number>();
    for (let i = 0; i < runs.length && !c.full; i++) {
      const raw: unknown = runs[i];
      const run =
        current && withinShapeAndLimits(raw, RUN_SHAPE, 3, limits)
          ? (raw as IRunRecord)
          : checkRun(raw, i, version, migrations, limits, c);
      if (run) {
        const first = firstIndexOfId.get(run.id);
        if (first === undefined) {
          firstIndexOfId.set(run.id, i);
          records.push(run);
        } else {
          reportDuplicate(run.id, first, i, c);
        }
      }
      if (slicer.due()) {
        options.onProgress?.(i + 1, runs.length);
        await slicer.pause();
      }
    }
    options.onProgress?.(runs.length, runs.length);
  }
  if (c.issues.length) {
    return fail();
  }
  const target = formatVersionOf(migrations);
  if (version < target) {
    warnings.add(
      'migrated',
      trans.__(
        'The bundle was written in format version %1; its %2 runs were upgraded to version %3.',
        version,
        records.length,
        target
      )
    );
  }
  return {
    ok: true,
    bundle: headerOf(root, version),
    runs: records,
    warnings: warnings.issues
  };
}

/** Limits, migration, shape of one run: the run, or undefined after issues. */
function checkRun(
  raw: unknown,
  index: number,
  version: number,
  migrations: readonly RecordMigration[],
  limits: IBundleLimits,
  c: IssueCollector
): IRunRecord | undefined {
  const before = c.issues.length;
  c.path.push('runs', index);
  c.runId =
    isPlainObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  try {
    checkJsonLimits(raw, 3, limits, c);
    if (c.issues.length > before) {
      return undefined;
    }
    let run: unknown = raw;
    if (isPlainObject(raw)) {
      try {
        run = migrateRecord(raw, version, migrations);
      } catch (error) {
        c.add(
          'migration-failed',
          c.trans.__(
            '%1 could not be upgraded from format version %2: %3',
            c.where(),
            version,
            error instanceof Error ? error.message : String(error)
          )
        );
        return undefined;
      }
    }
    checkShape(run, RUN_SHAPE, c);
    return c.issues.length > before
      ? undefined
      : (run as unknown as IRunRecord);
  } finally {
    c.path.length = 0;
    c.runId = undefined;
  }
}

function headerOf(
  root: Record<string, unknown>,
  version: number
): IBundleHeader {
  const header: IBundleHeader = {
    format: BUNDLE_FORMAT,
    version,
    exported_at: root.exported_at as string,
    checksum: root.checksum as string
  };
  const exporter = ownMember(root, 'exported_by');
  if (isPlainObject(exporter)) {
    // Known members only: the header is shown in the UI.
    const { app, version, user } = exporter as unknown as IBundleExporter;
    header.exported_by =
      user === undefined ? { app, version } : { app, version, user };
  }
  return header;
}
