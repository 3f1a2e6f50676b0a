import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { Token } from '@lumino/coreutils';
import plugins from '../index';

/**
 * JupyterLab refuses to start the whole extension when its plugins depend on
 * each other in a cycle, optional dependencies included (the sync plugin and
 * the Runs panel each take the other's token only optionally, and that is
 * enough). Checked here, where the error shows without a browser.
 */
describe('the extension’s plugins', () => {
  const all = plugins as JupyterFrontEndPlugin<unknown>[];

  it('have distinct ids and provide distinct tokens', () => {
    const ids = all.map(p => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const provided = all.flatMap(p => (p.provides ? [p.provides.name] : []));
    expect(new Set(provided).size).toBe(provided.length);
  });

  it('do not depend on each other in a cycle, optional dependencies included', () => {
    const provider = new Map<Token<unknown>, string>();
    for (const plugin of all) {
      if (plugin.provides) {
        provider.set(plugin.provides, plugin.id);
      }
    }
    const edges = new Map(
      all.map(plugin => [
        plugin.id,
        [...(plugin.requires ?? []), ...(plugin.optional ?? [])]
          .map(token => provider.get(token as Token<unknown>))
          .filter((id): id is string => id !== undefined)
      ])
    );
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]) => {
      if (state.get(id) === 'done') {
        return;
      }
      if (state.get(id) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(id)), id].join(' -> '));
        return;
      }
      state.set(id, 'visiting');
      for (const next of edges.get(id) ?? []) {
        visit(next, [...path, id]);
      }
      state.set(id, 'done');
    };
    for (const plugin of all) {
      visit(plugin.id, []);
    }
    expect(cycles).toEqual([]);
  });
});
