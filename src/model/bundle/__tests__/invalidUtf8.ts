/**
 * Bundle files with bytes that are not UTF-8 inside a string, sealed the
 * way a lenient reader checked them: the checksum is over the text decoded
 * with U+FFFD in place of the bad bytes (what `response.text()` and
 * `File.text()` give), so that reading passed while a verifier over the
 * file's bytes reported a mismatch.
 */
import { writeBundle } from '../bundleWriter';
import { fullRun } from './bundleFixtures';
import { resealText } from './corpusBase';

/** The five kinds of invalid UTF-8 of issue 9, and their bytes. */
export const INVALID_UTF8: readonly [string, readonly number[]][] = [
  ['an overlong encoding ("/" as C0 AF)', [0xc0, 0xaf]],
  ['a lone continuation byte', [0x80]],
  ['a sequence cut short (E2 82 before the quote)', [0xe2, 0x82]],
  ['a surrogate encoded in UTF-8 (ED A0 80)', [0xed, 0xa0, 0x80]],
  ['the byte FF', [0xff]]
];

/** Node's Buffer (bytes ↔ text), outside jest's module registry. */
const NodeBuffer = jest.requireActual<{ Buffer: typeof Buffer }>(
  'buffer'
).Buffer;

export interface IBadBundle {
  /** The file's bytes. */
  bytes: Uint8Array;
  /** Where the bad bytes start. */
  offset: number;
  /** The file as a lenient decoder reads it (bad bytes as U+FFFD). */
  leniently: string;
}

/** An exported bundle with `bad` at the start of a string value. */
export async function bundleWithBadBytes(
  bad: readonly number[]
): Promise<IBadBundle> {
  const text = await writeBundle([fullRun(0)], { appVersion: '0.1.0' });
  const utf8 = NodeBuffer.from(text, 'utf8');
  const marker = NodeBuffer.from('"note":"', 'utf8');
  const offset = utf8.indexOf(marker) + marker.length;
  const damaged = NodeBuffer.concat([
    utf8.subarray(0, offset),
    NodeBuffer.from(bad),
    utf8.subarray(offset)
  ]);
  const leniently = resealText(damaged.toString('utf8'));
  // The checksum member is ASCII: the same characters are the same bytes.
  const head = NodeBuffer.from(leniently.slice(0, offset), 'utf8');
  head.copy(damaged, 0, 0, offset);
  return { bytes: new Uint8Array(damaged), offset, leniently };
}
