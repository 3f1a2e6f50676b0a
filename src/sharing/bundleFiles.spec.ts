import type { Contents } from '@jupyterlab/services';
import {
  bundlePathBeside,
  chunkBounds,
  formatBytes,
  normaliseBundlePath,
  partialPathOf,
  saveTextFile,
  type SavingContents
} from './bundleFiles';

/**
 * Files in memory behind the contents API calls a save makes, as the Jupyter
 * server treats them: chunk 1 starts a file, later chunks append, rename
 * refuses an existing target. `failOnSave` makes the n-th save fail.
 */
class MemoryContents {
  files = new Map<string, string>();
  saves = 0;
  failOnSave = 0;
  onSave: () => void = () => undefined;

  readonly api: SavingContents = {
    save: async (path, model) => {
      this.saves += 1;
      this.onSave();
      if (this.saves === this.failOnSave) {
        throw new Error('disk full');
      }
      const { content, chunk } = model as { content: string; chunk?: number };
      const before =
        chunk !== undefined && chunk !== 1 ? this.files.get(path) : '';
      this.files.set(path, (before ?? '') + content);
      return { path } as Contents.IModel;
    },
    get: async path => {
      if (!this.files.has(path)) {
        throw new Error(`No such file: ${path}`);
      }
      return { path } as Contents.IModel;
    },
    delete: async path => {
      this.files.delete(path);
    },
    rename: async (from, to) => {
      if (this.files.has(to)) {
        throw new Error('File already exists');
      }
      this.files.set(to, this.files.get(from)!);
      this.files.delete(from);
      return { path: to } as Contents.IModel;
    }
  };
}

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

describe('saveTextFile', () => {
  const text = 'abcdefghij'.repeat(5);

  it('saves a small text in one request', async () => {
    const contents = new MemoryContents();
    await saveTextFile(contents.api, 'b.runlog.json', 'small');
    expect([...contents.files]).toEqual([['b.runlog.json', 'small']]);
    expect(contents.saves).toBe(1);
  });

  it('saves a large text in chunks and replaces the old file only at the end', async () => {
    const contents = new MemoryContents();
    contents.files.set('b.runlog.json', 'old bundle');
    const seen: (string | undefined)[] = [];
    contents.onSave = () => seen.push(contents.files.get('b.runlog.json'));
    const progress: number[] = [];
    await saveTextFile(contents.api, 'b.runlog.json', text, {
      chunkChars: 16,
      onProgress: fraction => progress.push(fraction)
    });
    expect([...contents.files]).toEqual([['b.runlog.json', text]]);
    expect(contents.saves).toBe(4);
    // While the chunks were written the old file stayed as it was.
    expect(seen).toEqual([
      'old bundle',
      'old bundle',
      'old bundle',
      'old bundle'
    ]);
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('leaves no partial file and the old file intact when cancelled between chunks', async () => {
    const contents = new MemoryContents();
    contents.files.set('b.runlog.json', 'old bundle');
    const controller = new AbortController();
    contents.onSave = () => {
      if (contents.saves === 2) {
        controller.abort();
      }
    };
    await expect(
      saveTextFile(contents.api, 'b.runlog.json', text, {
        chunkChars: 16,
        signal: controller.signal
      })
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect([...contents.files]).toEqual([['b.runlog.json', 'old bundle']]);
    expect(contents.files.has(partialPathOf('b.runlog.json'))).toBe(false);
  });

  it('leaves no partial file when a chunk fails, and says why', async () => {
    const contents = new MemoryContents();
    contents.failOnSave = 3;
    await expect(
      saveTextFile(contents.api, 'b.runlog.json', text, { chunkChars: 16 })
    ).rejects.toThrow('disk full');
    expect([...contents.files]).toEqual([]);
  });
});
