/**
 * The text of a bundle file and its checksum (docs/bundle-format.md,
 * "Canonical text" and "Checksum").
 *
 * The checksum is SHA-256 of the canonical JSON of the bundle without its
 * `checksum` member. The file is that same text with the checksum member
 * put first and a line break before each run and before the closing `]` of
 * `runs`. JSON strings cannot hold raw line breaks, so deleting every CR and
 * LF from the file and the checksum member gives back exactly the hashed
 * text: a short script can verify a file without a JSON library.
 */
import { TimeSlicer } from './bundleFormat';
import { canonicalJson, compareCodeUnits } from './canonicalJson';
import { Sha256 } from './sha256';

/** The hashed text in three parts, so runs can be laid out one per line. */
export interface IBundleParts {
  /** `{` and the members before `runs`, through `"runs":[`; or the whole text when `runs` is not a list. */
  head: string;
  /**
   * Each run's canonical text, or null when `runs` is not a list. For
   * layoutBundle an item may also hold consecutive runs joined with
   * RUN_SEPARATOR (the writer joins them as it goes).
   */
  runs: string[] | null;
  /** `]`, the members after `runs` and `}`; empty when `runs` is null. */
  tail: string;
}

/** What the file layout puts between two runs. */
export const RUN_SEPARATOR = ',\n';

/** How every exported file starts, up to the checksum's hex digits. */
export const EXPORTED_PREFIX = '{"checksum":"sha256:';

/**
 * The canonical parts of `bundle` without its `checksum`. Pass `runTexts`
 * when the runs are already serialised (the writer does).
 */
export function canonicalBundleParts(
  bundle: Record<string, unknown>,
  runTexts?: string[]
): IBundleParts {
  const keys = Object.keys(bundle)
    .filter(key => key !== 'checksum' && bundle[key] !== undefined)
    .sort(compareCodeUnits);
  const runs = bundle.runs;
  if (!runTexts && !Array.isArray(runs)) {
    const rest: Record<string, unknown> = {};
    for (const key of keys) {
      rest[key] = bundle[key];
    }
    return { head: canonicalJson(rest), runs: null, tail: '' };
  }
  const member = (key: string) =>
    JSON.stringify(key) + ':' + canonicalJson(bundle[key]);
  const runsAt = keys.indexOf('runs');
  if (runsAt < 0) {
    throw new Error(
      'canonicalBundleParts: runTexts given for a bundle without runs.'
    );
  }
  const before = keys.slice(0, runsAt).map(member);
  const after = keys.slice(runsAt + 1).map(member);
  return {
    head: '{' + before.map(text => text + ',').join('') + '"runs":[',
    runs: runTexts ?? (runs as unknown[]).map(run => canonicalJson(run)),
    tail: ']' + after.map(text => ',' + text).join('') + '}'
  };
}

/** The hashed text: the parts joined, no line breaks. */
export function joinBundleParts(parts: IBundleParts): string {
  return parts.runs === null
    ? parts.head
    : parts.head + parts.runs.join(',') + parts.tail;
}

/**
 * SHA-256 of `text` as UTF-8, as 64 hex digits. Uses the browser's native
 * digest where there is one (secure contexts: https, localhost), else the
 * pure implementation, a megabyte at a time so the page stays responsive.
 */
export async function sha256Text(
  text: string,
  slicer?: TimeSlicer,
  allowNative = true
): Promise<string> {
  const subtle = allowNative ? nativeDigest() : undefined;
  if (subtle) {
    const bytes = new TextEncoder().encode(text);
    return hexOf(await subtle.digest('SHA-256', bytes), slicer);
  }
  const hasher = new Sha256();
  for (let from = 0; from < text.length; from += PURE_CHUNK) {
    hasher.updateText(text, from, Math.min(text.length, from + PURE_CHUNK));
    if (slicer?.due()) {
      await slicer.pause();
    }
  }
  return hasher.hex();
}

/** Characters the pure digest hashes between looks at the clock. */
const PURE_CHUNK = 1 << 20;

/** A native digest as hex, once the caller may still go on (not cancelled). */
function hexOf(digest: ArrayBuffer, slicer?: TimeSlicer): string {
  slicer?.throwIfAborted();
  let hex = '';
  for (const byte of new Uint8Array(digest)) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

interface ISubtleDigest {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
}

function nativeDigest(): ISubtleDigest | undefined {
  const scope = globalThis as { crypto?: { subtle?: ISubtleDigest } };
  const subtle = scope.crypto?.subtle;
  return typeof subtle?.digest === 'function' &&
    typeof TextEncoder === 'function'
    ? subtle
    : undefined;
}

/** The file text: checksum member first, one run per line, a final line break. */
export function layoutBundle(parts: IBundleParts, checksum: unknown): string {
  const rest = parts.head.slice(1);
  const first = '{"checksum":' + canonicalJson(checksum);
  // One join writes the runs' lines: "\n" before each run, "," between.
  const body =
    parts.runs === null
      ? rest
      : rest +
        (parts.runs.length ? '\n' + parts.runs.join(RUN_SEPARATOR) : '') +
        '\n' +
        parts.tail;
  return first + (body === '}' ? '' : ',') + body + '\n';
}

/** Offset just past the checksum member of an exported file and its `,`. */
const CHECKSUM_END = EXPORTED_PREFIX.length + 64 + 2;

/**
 * The checksum an exported file states, read from its first characters, or
 * null when the text does not start the way exported files do.
 */
export function exportedChecksum(text: string): string | null {
  const hexStart = EXPORTED_PREFIX.length;
  const hexEnd = hexStart + 64;
  if (
    !text.startsWith(EXPORTED_PREFIX) ||
    text.charCodeAt(hexEnd) !== 0x22 ||
    text.charCodeAt(hexEnd + 1) !== 0x2c ||
    !/^[0-9a-f]{64}$/.test(text.slice(hexStart, hexEnd))
  ) {
    return null;
  }
  return 'sha256:' + text.slice(hexStart, hexEnd);
}

/**
 * For a file in the exported layout: the checksum it states and the text
 * the checksum procedure hashes (checksum member and line breaks removed),
 * found without parsing. Null when the text does not start the way exported
 * files do.
 */
export function exportedTextBody(
  text: string
): { stated: string; body: string } | null {
  const stated = exportedChecksum(text);
  return stated === null
    ? null
    : { stated, body: '{' + withoutLineBreaks(text.slice(CHECKSUM_END)) };
}

/**
 * SHA-256 (64 hex digits) of the hashed text of a file in the exported
 * layout (one exportedChecksum accepts): `{`, then the text after the checksum
 * member, without CR and LF. The same as sha256Text of
 * `exportedTextBody(text).body`, without building that copy: the native
 * digest removes the line breaks from the encoded bytes in place, the pure
 * one hashes the text between them.
 *
 * Line breaks sit between JSON tokens, never next to a surrogate, so
 * removing them before or after encoding gives the same bytes.
 */
export async function sha256OfExportedText(
  text: string,
  slicer?: TimeSlicer,
  allowNative = true
): Promise<string> {
  const subtle = allowNative ? nativeDigest() : undefined;
  if (subtle) {
    const utf8 = new TextEncoder().encode(text);
    return hexOf(await digestExportedUtf8(subtle, text, utf8), slicer);
  }
  const hasher = new Sha256().updateText('{');
  await hashWithoutLineBreaks(hasher, text, CHECKSUM_END, slicer);
  return hasher.hex();
}

/** `text` as UTF-8, or undefined where there is no TextEncoder. */
export function utf8Of(text: string): Uint8Array | undefined {
  return typeof TextEncoder === 'function'
    ? new TextEncoder().encode(text)
    : undefined;
}

/**
 * Start sha256OfExportedText natively on `utf8`, the UTF-8 of `text`, so
 * the digest runs off the main thread while the caller goes on (parsing).
 * It compacts `utf8` in place: the bytes are of no use afterwards. Null when
 * there is no native digest or `text` is not in the exported layout; the
 * promise gives null when the digest fails.
 */
export function startExportedDigest(
  text: string,
  utf8: Uint8Array,
  allowNative = true
): Promise<string | null> | null {
  const subtle = allowNative ? nativeDigest() : undefined;
  if (!subtle || exportedChecksum(text) === null) {
    return null;
  }
  return digestExportedUtf8(subtle, text, utf8).then(
    digest => hexOf(digest),
    () => null
  );
}

/** The native digest of the hashed text, from the file's UTF-8 (compacted in place). */
function digestExportedUtf8(
  subtle: ISubtleDigest,
  text: string,
  utf8: Uint8Array
): Promise<ArrayBuffer> {
  const hasCR = text.indexOf('\r', CHECKSUM_END) >= 0;
  const end = removeLineBreaks(utf8, CHECKSUM_END, hasCR);
  // The checksum member is ASCII: its offsets are the same in the bytes.
  utf8[CHECKSUM_END - 1] = 0x7b; // '{' in place of the member's last byte
  return subtle.digest('SHA-256', utf8.subarray(CHECKSUM_END - 1, end));
}

/** Feed `text` from `from` on to `hasher`, line by line, leaving out CR and LF. */
async function hashWithoutLineBreaks(
  hasher: Sha256,
  text: string,
  from: number,
  slicer?: TimeSlicer
): Promise<void> {
  const length = text.length;
  let lf = -1;
  let cr = -1;
  let fed = 0;
  while (from < length) {
    // Each search runs once per break found, so the whole is linear.
    if (lf < from) {
      lf = text.indexOf('\n', from);
      lf = lf < 0 ? length : lf;
    }
    if (cr < from) {
      cr = text.indexOf('\r', from);
      cr = cr < 0 ? length : cr;
    }
    const lineEnd = Math.min(lf, cr);
    const to = Math.min(lineEnd, from + PURE_CHUNK);
    hasher.updateText(text, from, to);
    fed += to - from;
    from = to === lineEnd ? to + 1 : to;
    if (fed >= PURE_CHUNK) {
      fed = 0;
      if (slicer?.due()) {
        await slicer.pause();
      }
    }
  }
}

/** Compact `bytes[from ..]` in place without CR (13) and LF (10); the new end. */
function removeLineBreaks(
  bytes: Uint8Array,
  from: number,
  hasCR: boolean
): number {
  let write = from;
  if (hasCR) {
    for (let read = from; read < bytes.length; read++) {
      const byte = bytes[read];
      if (byte !== 0x0a && byte !== 0x0d) {
        bytes[write++] = byte;
      }
    }
    return write;
  }
  // Usually one line per run: move whole lines, found by the native search.
  for (let read = from; ;) {
    const lf = bytes.indexOf(0x0a, read);
    const end = lf < 0 ? bytes.length : lf;
    if (write !== read) {
      bytes.copyWithin(write, read, end);
    }
    write += end - read;
    if (lf < 0) {
      return write;
    }
    read = lf + 1;
  }
}

/** `text` without CR and LF characters (split on LF is much faster than a regex over megabytes). */
function withoutLineBreaks(text: string): string {
  const lines = text.split('\n');
  const joined = lines.length > 1 ? lines.join('') : text;
  return joined.indexOf('\r') < 0 ? joined : joined.replace(/\r/g, '');
}
