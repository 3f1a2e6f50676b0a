/**
 * What a user reads when a bundle file is refused for its bytes: one that
 * is not UTF-8 (issue 9, item 8) and one a byte over the size limit
 * (item 6), imported from the server and dropped from the computer.
 */
import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import { createHash } from 'crypto';
import { bundleText, sampleRun } from './bundleFixtures';
import { dialogTitled, openRunsPanel } from './helpers';

/**
 * A bundle whose first note holds the byte FF, sealed as a lenient reader
 * checked it: the checksum is over the text with U+FFFD in place of FF.
 */
function bundleWithByteFF(): { bytes: Buffer; offset: number } {
  const text = bundleText([sampleRun({ id: 'bad-bytes' })]);
  const utf8 = Buffer.from(text, 'utf8');
  const marker = Buffer.from('"note":"');
  const offset = utf8.indexOf(marker) + marker.length;
  const bytes = Buffer.concat([
    utf8.subarray(0, offset),
    Buffer.from([0xff]),
    utf8.subarray(offset)
  ]);
  const lenient = bytes.toString('utf8');
  const hashed = '{' + lenient.slice(lenient.indexOf(',') + 1);
  const digest = createHash('sha256').update(hashed, 'utf8').digest('hex');
  Buffer.from(digest).copy(bytes, '{"checksum":"sha256:'.length);
  return { bytes, offset };
}

/** Drop `bytes` as a file named `name` from the computer onto the Runs panel. */
async function dropFile(
  page: IJupyterLabPageFixture,
  name: string,
  bytes: Buffer
): Promise<void> {
  await page.evaluate(
    ([fileName, base64]) => {
      const data = Uint8Array.from(atob(base64), char => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName));
      const panel = document.querySelector('#jp-runlog-panel')!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        panel.dispatchEvent(
          new DragEvent(type, {
            bubbles: true,
            cancelable: true,
            dataTransfer: transfer
          })
        );
      }
    },
    [name, bytes.toString('base64')] as const
  );
}

const NOT_UTF8 = (offset: number) =>
  `The file is not UTF-8 text: the bytes at offset ${offset} (FF`;

test('a bundle with a byte that is not UTF-8 is refused, naming its offset', async ({
  page,
  tmpPath
}) => {
  const { bytes, offset } = bundleWithByteFF();
  const path = `${tmpPath}/latin1.runlog.json`;
  expect(
    await page.contents.uploadContent(bytes.toString('base64'), 'base64', path)
  ).toBe(true);
  const done = page.evaluate(
    file =>
      window.jupyterapp.commands.execute('runlog:import-bundle', {
        path: file
      }),
    path
  );
  const dialog = dialogTitled(page, `Cannot import ${path}`);
  await expect(dialog).toContainText(NOT_UTF8(offset));
  await expect(dialog).toContainText('Nothing was imported.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await done).toMatchObject({ imported: false });

  // The same file dropped from the computer.
  await openRunsPanel(page);
  await dropFile(page, 'latin1.runlog.json', bytes);
  const dropped = dialogTitled(page, 'Cannot import latin1.runlog.json');
  await expect(dropped).toContainText(NOT_UTF8(offset));
  await dropped.getByRole('button', { name: 'Close' }).click();
  await expect(dropped).toHaveCount(0);
});

test.describe('with a size limit of 1 MB', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-runlog:sharing': { maxBundleMegabytes: 1 }
    }
  });

  test('a bundle one byte over the limit says both sizes exactly', async ({
    page,
    tmpPath
  }) => {
    const exact =
      'The file is 1,000,001 bytes, over the limit of 1,000,000 bytes';
    const text = 'x'.repeat(1_000_001);
    const path = `${tmpPath}/big.runlog.json`;
    expect(await page.contents.uploadContent(text, 'text', path)).toBe(true);
    const done = page.evaluate(
      file =>
        window.jupyterapp.commands.execute('runlog:import-bundle', {
          path: file
        }),
      path
    );
    const dialog = dialogTitled(page, `Cannot import ${path}`);
    await expect(dialog).toContainText(exact);
    await dialog.locator('.jp-Dialog-footer button').last().click();
    expect(await done).toEqual({ imported: false });

    await openRunsPanel(page);
    await dropFile(page, 'big.runlog.json', Buffer.from(text));
    const dropped = dialogTitled(page, 'Cannot import big.runlog.json');
    await expect(dropped).toContainText(exact);
    await dropped.locator('.jp-Dialog-footer button').last().click();
  });
});
