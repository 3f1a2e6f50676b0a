/**
 * The text of a bundle file and its checksum (docs/bundle-format.md,
 * "Canonical text" and "Checksum").
 *
 * The checksum is SHA-256 of the canonical JSON of the bundle without its
 * `checksum` member. The file is that same text with the checksum member
 * put first and a line break before each run and before the closing `]` of
 * `runs`. JSON strings cannot hold raw line breaks, so deleting every CR and
 * LF from the file and the checksum member gives back exactly the hashed
 * text: a ten-line script can verify a file without a JSON library.
 */
import { TimeSlicer } from './bundleFormat';
import { canonicalJson, compareCodeUnits } from './canonicalJson';
import { Sha256 } from './sha256';

/** The hashed text in three parts, so runs can be laid out one per line. */
export interface IBundleParts {
  /** `{` and the members before `runs`, through `"runs":[`; or the whole text when `runs` is not a list. */
  head: string;
  /** Each run's canonical text, or null when `runs` is not a list. */
  runs: string[] | null;
  /** `]`, the members after `runs` and `}`; empty when `runs` is null. */
  tail: string;
}

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
    const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
    slicer?.throwIfAborted();
    let hex = '';
    for (const byte of digest) {
      hex += byte.toString(16).padStart(2, '0');
    }
    return hex;
  }
  const hasher = new Sha256();
  const chunk = 1 << 20;
  for (let from = 0; from < text.length; from += chunk) {
    hasher.updateText(text, from, Math.min(text.length, from + chunk));
    if (slicer?.due()) {
      await slicer.pause();
    }
  }
  return hasher.hex();
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
  const body =
    parts.runs === null
      ? rest
      : rest + parts.runs.map(run => '\n' + run).join(',') + '\n' + parts.tail;
  return first + (body === '}' ? '' : ',') + body + '\n';
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
  const hexStart = EXPORTED_PREFIX.length;
  const hexEnd = hexStart + 64;
  if (
    !text.startsWith(EXPORTED_PREFIX) ||
    text.slice(hexEnd, hexEnd + 2) !== '",' ||
    !/^[0-9a-f]{64}$/.test(text.slice(hexStart, hexEnd))
  ) {
    return null;
  }
  return {
    stated: 'sha256:' + text.slice(hexStart, hexEnd),
    body: '{' + withoutLineBreaks(text.slice(hexEnd + 2))
  };
}

/** `text` without CR and LF characters (split on LF is much faster than a regex over megabytes). */
function withoutLineBreaks(text: string): string {
  const lines = text.split('\n');
  const joined = lines.length > 1 ? lines.join('') : text;
  return joined.indexOf('\r') < 0 ? joined : joined.replace(/\r/g, '');
}
