/**
 * Paths the sharing commands take (`path`, `paths`) checked before any
 * request: only a file below the Jupyter server's root folder, in the form
 * the contents API uses (relative, `/` between names, no `.` or `..`).
 *
 * JupyterLab's contents manager passes `..` through to the request URL,
 * where the browser resolves it: `../../etc/passwd` reached `/etc/passwd`
 * beside `/api/contents/`. So `..` is resolved here and refused when it goes
 * above the root. An absolute path (`/etc/passwd`) is refused rather than
 * quietly read below the root: whoever typed it meant another file. So are
 * forms that name other places (drive letters, `\`, `//`, `~`, URLs) or hide
 * them in control characters or %-escapes. Pure: no JupyterLab imports.
 */

/** Fills `%1`, `%2`, ... (a TranslationBundle fits). */
export interface IPathTranslator {
  __(msgid: string, ...args: (string | number)[]): string;
}

export type CheckedPath =
  { ok: true; path: string } | { ok: false; message: string };

/** C0 and C1 control characters, DEL, and the Unicode line separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** `http://`, `file:/`, `C:\`: a URL or another system's absolute path. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:[/\\]/i;
const DRIVE_LETTER = /^[a-z]:/i;

/**
 * Why `path` is not a contents path, or its normal form: `a//b/./c/` →
 * `a/b/c`, `a/../b` → `b`. Also refused when decoding its %-escapes once
 * gives a path refused (`%2e%2e/x`), for servers or proxies that decode
 * again; an accepted path is used as typed (JupyterLab escapes `%` itself).
 */
export function checkContentsPath(
  path: unknown,
  trans: IPathTranslator
): CheckedPath {
  if (typeof path !== 'string' || path === '') {
    return { ok: false, message: trans.__('No path was given.') };
  }
  const refuse = (reason: string): CheckedPath => ({
    ok: false,
    message: trans.__(
      '%1 is not a file on the Jupyter server: %2. Give a path relative to the server’s root folder, with / between names, as the file browser shows it.',
      quoted(path),
      reason
    )
  });
  const checked = normalForm(path, trans);
  if (typeof checked !== 'string') {
    return refuse(checked.reason);
  }
  const decoded = decodeEscapesOnce(path);
  if (decoded !== path) {
    const again = normalForm(decoded, trans);
    if (typeof again !== 'string') {
      return refuse(
        trans.__('once its %-escapes are decoded, %1', again.reason)
      );
    }
  }
  return { ok: true, path: checked };
}

/** The normal form of `path`, or why there is none. */
function normalForm(
  path: string,
  trans: IPathTranslator
): string | { reason: string } {
  const control = CONTROL.exec(path);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase();
    return {
      reason: trans.__(
        'it holds a control character (U+%1)',
        code.padStart(4, '0')
      )
    };
  }
  if (URL_LIKE.test(path)) {
    return { reason: trans.__('it is a URL or a path on another system') };
  }
  if (DRIVE_LETTER.test(path)) {
    return { reason: trans.__('it starts with a drive letter') };
  }
  if (path.includes('\\')) {
    return { reason: trans.__('it holds a backslash (\\)') };
  }
  if (path.startsWith('//')) {
    return { reason: trans.__('it starts with // (a network path)') };
  }
  if (path.startsWith('/')) {
    return { reason: trans.__('it is an absolute path (it starts with /)') };
  }
  const relative = path;
  if (relative === '~' || relative.startsWith('~/')) {
    return { reason: trans.__('~ (a home folder) is not a folder there') };
  }
  const names: string[] = [];
  for (const name of relative.split('/')) {
    if (name === '' || name === '.') {
      continue;
    }
    if (name === '..') {
      if (names.length === 0) {
        return { reason: trans.__('it goes above the server’s root folder') };
      }
      names.pop();
      continue;
    }
    names.push(name);
  }
  if (names.length === 0) {
    return { reason: trans.__('it is the server’s root folder, not a file') };
  }
  return names.join('/');
}

/** `%2e%2e%2Fx` → `../x`: each %-escape of a byte below 0x80 decoded once. */
function decodeEscapesOnce(path: string): string {
  return path.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16))
  );
}

/** The path as JSON text, so control characters show as escapes; shortened. */
function quoted(path: string): string {
  const text = JSON.stringify(path).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
