/**
 * File sizes as people read them, and the one sentence that says a file is
 * over a size limit (bundle import from the server, dropped files, the
 * reader's own check).
 */
import type { IBundleTranslator } from './bundleFormat';

/** `1234567` → `1.2 MB` (decimal units, as file browsers show sizes). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** `200000001` → `200,000,001 bytes`: every byte counted. */
export function formatExactBytes(bytes: number): string {
  const digits = String(Math.round(bytes)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${digits} bytes`;
}

/**
 * A size and the limit it exceeds, as shown side by side: rounded, unless
 * rounding makes the two look the same (200 MB against a limit of 200 MB);
 * then both exactly, so the reader sees why the file was refused.
 */
export function sizeAgainstLimit(
  size: number,
  limit: number
): { size: string; limit: string } {
  const rounded = { size: formatBytes(size), limit: formatBytes(limit) };
  return rounded.size !== rounded.limit
    ? rounded
    : { size: formatExactBytes(size), limit: formatExactBytes(limit) };
}

/** "The file is 250 MB, over the limit of 200 MB." for any over-size file. */
export function overSizeLimitMessage(
  size: number,
  limit: number,
  trans: IBundleTranslator
): string {
  const shown = sizeAgainstLimit(size, limit);
  return trans.__(
    'The file is %1, over the limit of %2 (setting “Largest bundle” of Run log: sharing).',
    shown.size,
    shown.limit
  );
}
