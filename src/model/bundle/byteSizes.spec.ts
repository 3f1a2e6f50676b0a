import { UNTRANSLATED } from './bundleFormat';
import {
  formatBytes,
  formatExactBytes,
  overSizeLimitMessage,
  sizeAgainstLimit
} from './byteSizes';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1234, '1.2 kB'],
    [150_000_000, '150 MB'],
    [2_500_000_000, '2.5 GB']
  ])('%i bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1000, '1,000 bytes'],
    [200_000_001, '200,000,001 bytes']
  ])('%i bytes exactly read as %s', (bytes, text) => {
    expect(formatExactBytes(bytes)).toBe(text);
  });
});

describe('a size over a limit', () => {
  it.each([
    // Rounded sizes that differ stay rounded.
    [250_000_000, 200_000_000, '250 MB', '200 MB'],
    [1500, 1000, '1.5 kB', '1.0 kB'],
    [999, 998, '999 bytes', '998 bytes'],
    [201_000_000, 200_000_000, '201 MB', '200 MB'],
    // Rounding would show the same size twice: exact bytes instead.
    [200_000_001, 200_000_000, '200,000,001 bytes', '200,000,000 bytes'],
    [200_400_000, 200_000_000, '200,400,000 bytes', '200,000,000 bytes'],
    [1001, 1000, '1,001 bytes', '1,000 bytes'],
    [12_340_001, 12_300_000, '12,340,001 bytes', '12,300,000 bytes']
  ])('%i against %i shows %s and %s', (size, limit, shownSize, shownLimit) => {
    expect(sizeAgainstLimit(size, limit)).toEqual({
      size: shownSize,
      limit: shownLimit
    });
  });

  it('never shows a refused size as equal to its limit', () => {
    const limits = [1000, 999_999, 1_000_000, 12_345_678, 200_000_000];
    for (const limit of limits) {
      for (const over of [1, 2, 49, 50, 51, 499, 500, 5000, 50_000]) {
        const shown = sizeAgainstLimit(limit + over, limit);
        expect([limit, over, shown.size === shown.limit]).toEqual([
          limit,
          over,
          false
        ]);
      }
    }
  });

  it('says both sizes in one sentence', () => {
    expect(overSizeLimitMessage(200_000_001, 200_000_000, UNTRANSLATED)).toBe(
      'The file is 200,000,001 bytes, over the limit of 200,000,000 bytes (setting “Largest bundle” of Run log: sharing).'
    );
  });
});
