/**
 * The checks of a bundle file as a whole, in the order the reader runs
 * them: size, nesting, syntax, format and version, checksum, envelope.
 */
import {
  BUNDLE_APP,
  BUNDLE_FORMAT,
  FORBIDDEN_KEYS,
  IBundleLimits,
  IBundleTranslator,
  isAbortError,
  preview,
  shorten,
  TimeSlicer
} from './bundleFormat';
import { ENVELOPE_SHAPE } from './bundleShapes';
import { overSizeLimitMessage } from './byteSizes';
import {
  canonicalBundleParts,
  exportedChecksum,
  joinBundleParts,
  sha256OfExportedText,
  sha256Text,
  startExportedDigest,
  utf8Of
} from './bundleText';
import { checkShape, isPlainObject, ownMember } from './bundleValidation';
import { IssueCollector } from './issues';
import { checkJsonLimits } from './jsonLimits';
import { findTooDeepNesting } from './jsonNesting';
import { formatVersionOf, RecordMigration } from './recordMigrations';
import { utf8Length } from './sha256';

/** A bundle text that passed size, nesting and syntax. */
export interface IParsedBundle {
  root: Record<string, unknown>;
  /** The exported layout's native digest (see startExportedDigest), or null. */
  exportedDigest: Promise<string | null> | null;
}

/**
 * Size, nesting and syntax, in that order; undefined after an issue. Once
 * the size is known to be fine the text is encoded as UTF-8, once: the
 * nesting scan reads the bytes, then the native checksum digest starts on
 * them, to run off the main thread while the text is parsed.
 */
export function parseWithinLimits(
  text: string,
  limits: IBundleLimits,
  c: IssueCollector,
  nativeDigest?: boolean
): IParsedBundle | undefined {
  const trans = c.trans;
  if (typeof text !== 'string') {
    c.add('not-json', trans.__('The bundle is not text.'));
    return undefined;
  }
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: count only when it matters.
  if (text.length * 3 > limits.maxBytes) {
    const bytes = utf8Length(text);
    if (bytes > limits.maxBytes) {
      c.add('too-large', overSizeLimitMessage(bytes, limits.maxBytes, trans));
      return undefined;
    }
  }
  const utf8 = utf8Of(text);
  const deep = findTooDeepNesting(text, limits.maxDepth, utf8);
  if (deep) {
    c.path.push(...deep.path);
    c.add(
      'too-deep',
      trans.__(
        '%1 is nested deeper than %2 levels (at offset %3 of the file).',
        shorten(c.where(), 160),
        limits.maxDepth,
        deep.position
      ),
      undefined,
      deep.position
    );
    c.path.length = 0;
    return undefined;
  }
  const exportedDigest = utf8
    ? startExportedDigest(text, utf8, nativeDigest)
    : null;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const where = locate(text, error);
    const reason = shorten(
      error instanceof Error ? error.message : String(error),
      200
    );
    c.add(
      'not-json',
      notJsonMessage(reason, where, trans),
      undefined,
      where?.offset
    );
    return undefined;
  }
  if (!isPlainObject(root)) {
    c.add(
      'not-object',
      trans.__(
        'The file is JSON but not a run bundle: it holds %1 where an object was expected.',
        preview(root)
      )
    );
    return undefined;
  }
  return { root, exportedDigest };
}

/** The format version when the file is a bundle this code can read. */
export function checkFormatAndVersion(
  root: Record<string, unknown>,
  migrations: readonly RecordMigration[],
  c: IssueCollector
): number | undefined {
  const trans = c.trans;
  const format = ownMember(root, 'format');
  if (format !== BUNDLE_FORMAT) {
    c.add(
      format === undefined ? 'missing' : 'wrong-format',
      format === undefined
        ? trans.__(
            'This is not a run bundle: it has no "format" (expected "%1").',
            BUNDLE_FORMAT
          )
        : trans.__(
            'This is not a run bundle: "format" is %1, expected "%2".',
            preview(format),
            BUNDLE_FORMAT
          ),
      'format'
    );
    return undefined;
  }
  const version = ownMember(root, 'version');
  if (version === undefined) {
    c.add('missing', trans.__('%1 is missing.', '/version'), 'version');
    return undefined;
  }
  if (
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version < 1
  ) {
    c.add(
      'bad-version',
      trans.__(
        '"version" must be a positive whole number; found %1.',
        preview(version)
      ),
      'version'
    );
    return undefined;
  }
  const newest = formatVersionOf(migrations);
  if (version > newest) {
    c.add(
      'newer-version',
      newerVersionMessage(root, version, newest, trans),
      'version'
    );
    return undefined;
  }
  return version;
}

function newerVersionMessage(
  root: Record<string, unknown>,
  version: number,
  newest: number,
  trans: IBundleTranslator
): string {
  const intro = trans.__(
    'This bundle\'s format "version" is %1, but this jupyterlab-runlog reads versions up to %2.',
    version,
    newest
  );
  const exporter = ownMember(root, 'exported_by');
  const app = isPlainObject(exporter) ? ownMember(exporter, 'app') : undefined;
  const appVersion = isPlainObject(exporter)
    ? ownMember(exporter, 'version')
    : undefined;
  if (app === BUNDLE_APP && typeof appVersion === 'string' && appVersion) {
    const named = shorten(appVersion, 40);
    return `${intro} ${trans.__('It was written by jupyterlab-runlog %1: upgrade to %1 or later.', named)}`;
  }
  return `${intro} ${trans.__('Upgrade jupyterlab-runlog to read it.')}`;
}

/**
 * The checksum must match. Files as exported are hashed as text (fast; the
 * digest parseWithinLimits started is used when there is one); any other
 * layout of the same content (reformatted by an editor or a tool) is
 * re-serialised canonically, and accepted with a warning.
 */
export async function checkChecksum(
  text: string,
  root: Record<string, unknown>,
  c: IssueCollector,
  warnings: IssueCollector,
  slicer: TimeSlicer,
  nativeDigest?: boolean,
  exportedDigest: Promise<string | null> | null = null
): Promise<void> {
  const trans = c.trans;
  const checksum = ownMember(root, 'checksum');
  if (checksum === undefined) {
    c.add(
      'checksum-missing',
      trans.__(
        'The bundle has no "checksum"; it was not written by an exporter of run bundles, or was cut.'
      ),
      'checksum'
    );
    return;
  }
  if (typeof checksum !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(checksum)) {
    c.add(
      'checksum-malformed',
      trans.__(
        '"checksum" must be "sha256:" and 64 lowercase hex digits; found %1.',
        preview(checksum)
      ),
      'checksum'
    );
    return;
  }
  if (
    exportedChecksum(text) === checksum &&
    'sha256:' +
      (await exportedHex(text, slicer, nativeDigest, exportedDigest)) ===
      checksum
  ) {
    return;
  }
  let computed: string | undefined;
  try {
    const canonical = joinBundleParts(canonicalBundleParts(root));
    computed = 'sha256:' + (await sha256Text(canonical, slicer, nativeDigest));
  } catch (error) {
    if (isAbortError(error)) {
      throw error;
    }
    // Values with no JSON text (reported by the limits) cannot match.
  }
  if (computed === checksum) {
    warnings.add(
      'reformatted',
      trans.__(
        'The file was reformatted after export; its content is unchanged.'
      )
    );
    return;
  }
  c.add(
    'checksum-mismatch',
    trans.__(
      'The "checksum" does not match the content: the file was changed or damaged after export.'
    ),
    'checksum'
  );
}

/** The exported layout's digest: the one started before parsing, when it worked. */
async function exportedHex(
  text: string,
  slicer: TimeSlicer,
  nativeDigest: boolean | undefined,
  started: Promise<string | null> | null
): Promise<string> {
  const hex = started && (await started);
  slicer.throwIfAborted();
  return hex ?? (await sha256OfExportedText(text, slicer, nativeDigest));
}

/** Limits and shape of everything but the runs. */
export function checkEnvelope(
  root: Record<string, unknown>,
  limits: IBundleLimits,
  c: IssueCollector
): void {
  const keys = Object.keys(root);
  if (keys.length > limits.maxKeysPerObject) {
    c.add(
      'too-many-keys',
      c.trans.__(
        '%1 has %2 members; the limit is %3.',
        c.where(),
        keys.length,
        limits.maxKeysPerObject
      )
    );
    return;
  }
  const before = c.issues.length;
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) {
      c.add(
        'forbidden-key',
        c.trans.__(
          '%1: the key "%2" is not allowed in a bundle.',
          c.where(key),
          key
        ),
        key
      );
    } else if (key !== 'runs') {
      c.path.push(key);
      checkJsonLimits(root[key], 2, limits, c);
      c.path.pop();
    }
  }
  if (c.issues.length === before) {
    checkShape(root, ENVELOPE_SHAPE, c);
  }
}

/** Where the parser stopped: V8 says "position N", SpiderMonkey "line L column C". */
function locate(
  text: string,
  error: unknown
): { offset?: number; line: number; column: number } | undefined {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) {
    return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  }
  const position = /position (\d+)/.exec(message);
  if (!position) {
    return undefined;
  }
  const offset = Number(position[1]);
  let line = 1;
  let lineStart = 0;
  for (
    let at = text.indexOf('\n');
    at >= 0 && at < offset;
    at = text.indexOf('\n', at + 1)
  ) {
    line++;
    lineStart = at + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

function notJsonMessage(
  reason: string,
  where: ReturnType<typeof locate>,
  trans: IBundleTranslator
): string {
  if (!where) {
    return trans.__(
      'The file is not valid JSON (%1); it may be cut short or not be a bundle.',
      reason
    );
  }
  return trans.__(
    'The file is not valid JSON at line %1, column %2: %3',
    where.line,
    where.column,
    reason
  );
}
