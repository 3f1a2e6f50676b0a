import { expect, test } from '@jupyterlab/galata';
import { runFromPalette } from './helpers';

test('turning MLflow sync on from the palette shows its status bar item; off hides it', async ({
  page
}) => {
  const item = page.locator('.jp-runlog-SyncStatus');
  // Off by default: no item.
  await expect(item).toBeHidden();

  await runFromPalette(page, 'Sync Runs with MLflow');
  await expect
    .poll(() =>
      page.evaluate(() =>
        window.jupyterapp.commands.isToggled('runlog:toggle-sync')
      )
    )
    .toBe(true);
  await expect(item).toBeVisible();
  await expect(item).toHaveText(/^MLflow: /);
  await expect(item).toHaveAttribute('title', /Click to sync now/);
  if ((await item.textContent()) === 'MLflow: unavailable') {
    // Without MLflow (or the server extension) on the server, the item and
    // one notification say what to do.
    const title = (await item.getAttribute('title')) ?? '';
    const message = title.split('\n')[0];
    expect(message).toMatch(/install|server extension|tracking URI/i);
    await expect(
      page.locator('.jp-toast-message', { hasText: message.slice(0, 40) })
    ).toBeVisible();
  }

  await runFromPalette(page, 'Sync Runs with MLflow');
  await expect(item).toBeHidden();
});
