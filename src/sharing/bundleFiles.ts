/**
 * Bundle files on the Jupyter server (contents API) and in the browser's
 * downloads.
 */
import { PathExt, URLExt } from '@jupyterlab/coreutils';
import { type Contents, ServerConnection } from '@jupyterlab/services';

// Sizes are formatted in the pure model; re-exported for the widgets.
export { formatBytes } from '../model/bundle/byteSizes';

/** The file name extension of run bundles. */
export const BUNDLE_EXTENSION = '.runlog.json';

/**
 * Texts above this many characters are saved in chunks: one request per
 * chunk stays under the server's request size limits.
 */
export const SAVE_CHUNK_CHARS = 8 * 1024 * 1024;

/** `work/tune.ipynb` → `work/tune.runlog.json`. */
export function bundlePathBeside(notebookPath: string): string {
  const folder = PathExt.dirname(notebookPath);
  const stem = PathExt.basename(notebookPath, PathExt.extname(notebookPath));
  return PathExt.join(folder, `${stem || 'runs'}${BUNDLE_EXTENSION}`);
}

/** A path the user typed, with the bundle extension added when missing. */
export function normaliseBundlePath(path: string): string {
  const trimmed = path.trim().replace(/^\/+/, '');
  return trimmed.endsWith(BUNDLE_EXTENSION)
    ? trimmed
    : `${trimmed.replace(/\.json$/, '')}${BUNDLE_EXTENSION}`;
}

/**
 * Cut points of `text` into pieces of at most `size` characters, never
 * between the two halves of a surrogate pair.
 */
export function chunkBounds(text: string, size = SAVE_CHUNK_CHARS): number[] {
  const bounds = [0];
  let at = 0;
  while (text.length - at > size) {
    let next = at + size;
    const code = text.charCodeAt(next);
    if (code >= 0xdc00 && code <= 0xdfff) {
      next -= 1;
    }
    bounds.push(next);
    at = next;
  }
  bounds.push(text.length);
  return bounds;
}

/** The contents API calls a save needs (a structural view of Contents.IManager). */
export type SavingContents = Pick<
  Contents.IManager,
  'save' | 'delete' | 'rename' | 'get'
>;

/** Where a chunked save writes before the file is put in place. */
export function partialPathOf(path: string): string {
  return `${path}.partial`;
}

/**
 * Save `text` as a file through the contents API. Large texts go in chunks
 * (the server appends chunk 2.. and finishes with chunk -1) to a partial
 * file beside the target, which replaces the target only once complete: a
 * cancel or a failure half-way leaves no partial bundle behind and the file
 * being replaced untouched.
 */
export async function saveTextFile(
  contents: SavingContents,
  path: string,
  text: string,
  options: {
    signal?: AbortSignal;
    onProgress?: (fraction: number) => void;
    chunkChars?: number;
  } = {}
): Promise<void> {
  const bounds = chunkBounds(text, options.chunkChars);
  const pieces = bounds.length - 1;
  const checkCancelled = () => {
    if (options.signal?.aborted) {
      throw new DOMException('The export was cancelled.', 'AbortError');
    }
  };
  checkCancelled();
  if (pieces <= 1) {
    await contents.save(path, { type: 'file', format: 'text', content: text });
    options.onProgress?.(1);
    return;
  }
  const partial = partialPathOf(path);
  try {
    for (let index = 0; index < pieces; index++) {
      checkCancelled();
      const chunk = index === pieces - 1 ? -1 : index + 1;
      await contents.save(partial, {
        type: 'file',
        format: 'text',
        content: text.slice(bounds[index], bounds[index + 1]),
        chunk
      } as Partial<Contents.IModel>);
      options.onProgress?.((index + 1) / pieces);
    }
    checkCancelled();
  } catch (error) {
    await contents.delete(partial).catch(() => undefined);
    throw error;
  }
  // The server refuses to rename onto an existing file.
  const exists = await contents
    .get(path, { content: false })
    .then(() => true)
    .catch(() => false);
  if (exists) {
    await contents.delete(path);
  }
  await contents.rename(partial, path);
}

/** Hand `text` to the browser as a download named `name`. */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(
    new Blob([text], { type: 'application/json' })
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the link; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A file's bytes from the server's /files/ endpoint: several times faster
 * for a large bundle than the contents API, which wraps the text in a JSON
 * model. Bytes, not text: the bundle reader refuses bytes that are not
 * UTF-8, where decoding here would replace them silently.
 */
export async function readServerFile(
  settings: ServerConnection.ISettings,
  path: string
): Promise<Uint8Array> {
  const url = URLExt.join(settings.baseUrl, 'files', URLExt.encodeParts(path));
  const response = await ServerConnection.makeRequest(
    url,
    { cache: 'no-store' },
    settings
  );
  if (!response.ok) {
    throw new Error(`${response.status} ${response.statusText}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
