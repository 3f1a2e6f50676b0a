import { expect, test } from '@jupyterlab/galata';

const EXTENSION = 'jupyterlab-runlog';

// Listeners must be attached before JupyterLab loads, so navigate by hand.
test.use({ autoGoto: false });

test.describe('extension loads', () => {
  test('JupyterLab serves and loads jupyterlab-runlog without errors', async ({
    page
  }) => {
    const problems: string[] = [];
    page.on('console', message => {
      // Errors naming the extension, or logged from its bundle.
      const text = `${message.text()} ${message.location().url}`;
      if (message.type() === 'error' && /runlog/i.test(text)) {
        problems.push(text);
      }
    });
    page.on('pageerror', error => {
      if (/runlog/i.test(`${error.message}\n${error.stack ?? ''}`)) {
        problems.push(error.message);
      }
    });
    const remoteEntries: number[] = [];
    page.on('response', response => {
      if (
        response
          .url()
          .includes(`/lab/extensions/${EXTENSION}/static/remoteEntry`)
      ) {
        remoteEntries.push(response.status());
      }
    });

    await page.goto();

    const federated = await page.evaluate(() => {
      const config = document.getElementById('jupyter-config-data');
      const data = JSON.parse(config?.textContent ?? '{}') as {
        federated_extensions?: { name: string }[];
      };
      return (data.federated_extensions ?? []).map(extension => extension.name);
    });
    expect(federated).toContain(EXTENSION);

    // The bundle was actually fetched, not only listed.
    expect(remoteEntries).toEqual([200]);

    // Its plugins registered and all started: none failed or was left unused.
    const plugins = await page.evaluate(
      prefix =>
        window.jupyterapp
          .listPlugins()
          .filter(id => id.startsWith(prefix))
          .map(id => ({ id, active: window.jupyterapp.isPluginActivated(id) })),
      `${EXTENSION}:`
    );
    expect(plugins.length).toBeGreaterThan(0);
    expect(plugins.filter(plugin => !plugin.active)).toEqual([]);

    expect(problems).toEqual([]);
  });
});
