import { checkContentsPath, IPathTranslator } from './contentsPath';

const trans: IPathTranslator = {
  __: (msgid, ...args) =>
    msgid.replace(/%(\d+)/g, (whole, index: string) =>
      String(args[Number(index) - 1] ?? whole)
    )
};

function check(path: unknown) {
  return checkContentsPath(path, trans);
}

describe('checkContentsPath', () => {
  it.each([
    ['x.runlog.json', 'x.runlog.json'],
    ['work/tune.runlog.json', 'work/tune.runlog.json'],
    ['a//b/./c/', 'a/b/c'],
    ['a/../b.runlog.json', 'b.runlog.json'],
    ['a/b/../../c', 'c'],
    ['my runs (2).runlog.json', 'my runs (2).runlog.json'],
    ['données/été.runlog.json', 'données/été.runlog.json'],
    ['100%done.runlog.json', '100%done.runlog.json'],
    // Escapes that decode to harmless names are kept as typed.
    ['a%20b.runlog.json', 'a%20b.runlog.json'],
    ['a/%2e%2e/b', 'a/%2e%2e/b'],
    ['run:1.runlog.json', 'run:1.runlog.json'],
    ['..hidden/x', '..hidden/x']
  ])('accepts %j as %j', (path, normal) => {
    expect(check(path)).toEqual({ ok: true, path: normal });
  });

  it.each([
    ['../../x', 'it goes above the server’s root folder'],
    ['..', 'it goes above the server’s root folder'],
    ['a/../../x', 'it goes above the server’s root folder'],
    ['/../etc/passwd', 'it is an absolute path (it starts with /)'],
    ['./../x', 'it goes above the server’s root folder'],
    [
      '%2e%2e/x',
      'once its %-escapes are decoded, it goes above the server’s root folder'
    ],
    [
      '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'once its %-escapes are decoded, it goes above the server’s root folder'
    ],
    [
      'a/%2e%2e/%2e%2e/x',
      'once its %-escapes are decoded, it goes above the server’s root folder'
    ],
    [
      '.%2e/x',
      'once its %-escapes are decoded, it goes above the server’s root folder'
    ],
    [
      '%2f%2fserver/share',
      'once its %-escapes are decoded, it starts with // (a network path)'
    ],
    [
      'x%00.runlog.json',
      'once its %-escapes are decoded, it holds a control character (U+0000)'
    ],
    ['..%5cx', 'once its %-escapes are decoded, it holds a backslash (\\)'],
    ['C:\\Windows\\win.ini', 'it is a URL or a path on another system'],
    ['C:/Windows/win.ini', 'it is a URL or a path on another system'],
    ['c:win.ini', 'it starts with a drive letter'],
    ['\\\\server\\share', 'it holds a backslash (\\)'],
    ['a\\..\\..\\x', 'it holds a backslash (\\)'],
    ['//server/share/x', 'it starts with // (a network path)'],
    ['~/x', '~ (a home folder) is not a folder there'],
    ['~', '~ (a home folder) is not a folder there'],
    [
      'http://example.com/x.runlog.json',
      'it is a URL or a path on another system'
    ],
    ['file:///etc/passwd', 'it is a URL or a path on another system'],
    ['x\u0000.runlog.json', 'it holds a control character (U+0000)'],
    ['x\n.runlog.json', 'it holds a control character (U+000A)'],
    ['x\u001b[2J', 'it holds a control character (U+001B)'],
    ['x\u007f', 'it holds a control character (U+007F)'],
    ['x\u0085', 'it holds a control character (U+0085)'],
    ['x\u2028y', 'it holds a control character (U+2028)'],
    ['/etc/passwd', 'it is an absolute path (it starts with /)'],
    ['/work/tune.runlog.json', 'it is an absolute path (it starts with /)'],
    ['/', 'it is an absolute path (it starts with /)'],
    ['.', 'it is the server’s root folder, not a file'],
    ['a/..', 'it is the server’s root folder, not a file']
  ])('refuses %j: %s', (path, reason) => {
    const checked = check(path);
    expect(checked.ok).toBe(false);
    const { message } = checked as { message: string };
    expect(message).toBe(
      `${JSON.stringify(path)
        .replace(/\u007f/g, '\\u007f')
        .replace(/\u0085/g, '\\u0085')
        .replace(
          /\u2028/g,
          '\\u2028'
        )} is not a file on the Jupyter server: ${reason}. Give a path relative to the server’s root folder, with / between names, as the file browser shows it.`
    );
  });

  it.each([[''], [undefined], [42], [null]])(
    'refuses a missing path (%j)',
    path => {
      expect(check(path)).toEqual({ ok: false, message: 'No path was given.' });
    }
  );

  it('shows a long path shortened, control characters escaped', () => {
    const checked = check(`${'a/'.repeat(100)}\u0007`);
    expect(checked.ok).toBe(false);
    const message = (checked as { message: string }).message;
    expect(message.indexOf(' is not a file')).toBe(120);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('gives only paths the contents API reads below its root', () => {
    // Every accepted path resolves, joined under /api/contents/, to a URL
    // still under /api/contents/.
    const paths = ['a/../b', 'a/%2e%2e/b', 'a/b/../c/./d', '.../x', 'x/...'];
    for (const path of paths) {
      const checked = check(path);
      expect(checked.ok).toBe(true);
      const normal = (checked as { path: string }).path;
      const url = new URL(
        normal.split('/').map(encodeURIComponent).join('/'),
        'http://host/api/contents/'
      );
      expect(url.pathname.startsWith('/api/contents/')).toBe(true);
    }
  });
});
