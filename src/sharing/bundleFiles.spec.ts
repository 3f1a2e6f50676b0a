import {
  bundlePathBeside,
  chunkBounds,
  formatBytes,
  normaliseBundlePath
} from './bundleFiles';

describe('bundle file names', () => {
  it.each([
    ['work/tune.ipynb', 'work/tune.runlog.json'],
    ['tune.ipynb', 'tune.runlog.json'],
    ['a/b.c.ipynb', 'a/b.c.runlog.json']
  ])('a bundle beside %s is %s', (notebook, bundle) => {
    expect(bundlePathBeside(notebook)).toBe(bundle);
  });

  it.each([
    ['runs', 'runs.runlog.json'],
    ['/runs.json', 'runs.runlog.json'],
    [' x/y.runlog.json ', 'x/y.runlog.json']
  ])('%j is saved as %s', (typed, path) => {
    expect(normaliseBundlePath(typed)).toBe(path);
  });

  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1234, '1.2 kB'],
    [150_000_000, '150 MB']
  ])('%i bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('chunkBounds', () => {
  it('cuts into pieces of at most the size, covering the text', () => {
    const text = 'x'.repeat(25);
    expect(chunkBounds(text, 10)).toEqual([0, 10, 20, 25]);
    expect(chunkBounds('short', 10)).toEqual([0, 5]);
  });

  it('never splits a surrogate pair', () => {
    // '😀' is two UTF-16 units; a cut at 10 would fall between them.
    const text = 'a'.repeat(9) + '😀'.repeat(6);
    const bounds = chunkBounds(text, 10);
    const pieces = bounds.slice(1).map((end, i) => text.slice(bounds[i], end));
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(() => encodeURIComponent(piece)).not.toThrow();
    }
  });
});
