/**
 * Paths given to the sharing commands are checked before any request: a
 * path that leaves the Jupyter server's root folder, or names a place on
 * another system, is refused with a message, and nothing is asked of the
 * server for it (issue 9, item 7). Commands are run as a script or another
 * extension runs them, through the command registry.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Request } from '@playwright/test';
import { dialogTitled } from './helpers';

/** A name no request may carry once its path is refused. */
const SENTINEL = 'runlog-sentinel';

/** Paths that must be refused, each with the reason the user reads. */
const REFUSED: [string, string][] = [
  ['../../etc/passwd', 'it goes above the server’s root folder'],
  ['/etc/passwd', 'it is an absolute path (it starts with /)'],
  [`/${SENTINEL}.runlog.json`, 'it is an absolute path (it starts with /)'],
  [`../../${SENTINEL}.runlog.json`, 'it goes above the server’s root folder'],
  [`a/../../${SENTINEL}.runlog.json`, 'it goes above the server’s root folder'],
  [
    '%2e%2e/%2e%2e/etc/passwd',
    'once its %-escapes are decoded, it goes above the server’s root folder'
  ],
  [
    `%2e%2e/${SENTINEL}.runlog.json`,
    'once its %-escapes are decoded, it goes above the server’s root folder'
  ],
  ['C:\\Windows\\win.ini', 'it is a URL or a path on another system'],
  [`\\\\server\\share\\${SENTINEL}.runlog.json`, 'it holds a backslash (\\)'],
  [
    `//server/share/${SENTINEL}.runlog.json`,
    'it starts with // (a network path)'
  ],
  [`~/${SENTINEL}.runlog.json`, '~ (a home folder) is not a folder there'],
  [
    `http://localhost/${SENTINEL}.runlog.json`,
    'it is a URL or a path on another system'
  ],
  [`${SENTINEL}\u0000.runlog.json`, 'it holds a control character (U+0000)'],
  [`${SENTINEL}\n.runlog.json`, 'it holds a control character (U+000A)']
];

/** Every request the page makes, from now on. */
function recordRequests(page: IJupyterLabPageFixture): string[] {
  const urls: string[] = [];
  page.on('request', (request: Request) => urls.push(request.url()));
  return urls;
}

/** Requests among `urls` that name what a refused path pointed at. */
function requestsFor(urls: string[]): string[] {
  return urls.filter(url => {
    let decoded = url;
    try {
      decoded = decodeURIComponent(decodeURIComponent(url));
    } catch {
      // A stray % stays as it is.
    }
    return /runlog-sentinel|passwd|win\.ini/.test(decoded);
  });
}

/** Run `command` with `args` and close the dialog it shows; its result. */
async function runAndDismiss(
  page: IJupyterLabPageFixture,
  command: string,
  args: Record<string, unknown>,
  title: string,
  expected: string | string[]
): Promise<unknown> {
  const done = page.evaluate(
    ([id, commandArgs]) =>
      window.jupyterapp.commands.execute(
        id as string,
        commandArgs as Record<string, never>
      ),
    [command, args] as const
  );
  const dialog = dialogTitled(page, title);
  for (const text of Array.isArray(expected) ? expected : [expected]) {
    await expect(dialog).toContainText(text);
  }
  await dialog.locator('.jp-Dialog-footer button').last().click();
  await expect(dialog).toHaveCount(0);
  return done;
}

test('import-bundle refuses paths outside the server’s root before any request', async ({
  page
}) => {
  test.setTimeout(120_000);
  const urls = recordRequests(page);
  for (const [path, reason] of REFUSED) {
    const from = urls.length;
    const result = await runAndDismiss(
      page,
      'runlog:import-bundle',
      { path },
      'Cannot import runs',
      `${reason}. Give a path relative to the server’s root folder`
    );
    expect([path, result]).toEqual([path, { imported: false }]);
    expect([path, requestsFor(urls.slice(from))]).toEqual([path, []]);
  }
});

test('import-executed-notebooks refuses the paths it was given and reads none', async ({
  page
}) => {
  const urls = recordRequests(page);
  const paths = [
    `../../${SENTINEL}.ipynb`,
    'C:\\Windows\\win.ini',
    `%2e%2e/${SENTINEL}.ipynb`
  ];
  const result = await runAndDismiss(
    page,
    'runlog:import-executed-notebooks',
    { paths },
    'Nothing Imported',
    [
      'These paths are not notebooks on the Jupyter server; nothing was read or imported:',
      `"../../${SENTINEL}.ipynb" is not a file on the Jupyter server: it goes above the server’s root folder.`,
      '"C:\\\\Windows\\\\win.ini" is not a file on the Jupyter server: it is a URL or a path on another system.',
      `"%2e%2e/${SENTINEL}.ipynb" is not a file on the Jupyter server: once its %-escapes are decoded, it goes above the server’s root folder.`
    ]
  );
  expect(result).toBeNull();
  expect(requestsFor(urls)).toEqual([]);
});

test('export-bundle refuses to write outside the server’s root folder', async ({
  page
}) => {
  const urls = recordRequests(page);
  for (const path of [`../../${SENTINEL}`, `C:\\${SENTINEL}.runlog.json`]) {
    const result = await runAndDismiss(
      page,
      'runlog:export-bundle',
      { runIds: ['any-run'], path },
      'Cannot export runs',
      'No file was written.'
    );
    expect([path, result]).toEqual([path, null]);
  }
  expect(requestsFor(urls)).toEqual([]);
});
