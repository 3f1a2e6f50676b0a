/**
 * One chart of the comparison: a titled box with its controls and a plot
 * that vega-embed draws into (loaded lazily, on the first chart shown).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Result } from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_DATA, ChartKind } from '../../charts/specs';
import { loadVegaEmbed } from '../../charts/vegaLoader';

/** Whether JupyterLab shows a dark theme (set on body by the theme manager). */
export function isDarkTheme(): boolean {
  return document.body.dataset.jpThemeLight === 'false';
}

/** Rows of the chart's inline dataset: one mark per row for run charts. */
export function datasetSize(spec: TopLevelSpec): number {
  const datasets = (spec as { datasets?: Record<string, unknown[]> }).datasets;
  return datasets?.[CHART_DATA]?.length ?? 0;
}

/**
 * Charts with at most this many data rows draw as SVG: each mark is then an
 * element with its description, which screen readers announce and the
 * pointer hits exactly. Larger ones draw on a canvas, which stays fast.
 */
export const MAX_SVG_ROWS = 1_000;

interface ISceneItem {
  marktype?: string;
  name?: string;
  role?: string;
  items?: ISceneItem[];
}

/**
 * Marks drawn per named mark of a view's scenegraph (`points_marks: 6`),
 * leaving out axes, legends and titles: what the user sees of the data. A
 * line counts once (per run, for lines split by run).
 */
export function drawnMarks(root: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const walk = (node: ISceneItem) => {
    for (const item of node.items ?? []) {
      if (
        item.marktype &&
        item.role === 'mark' &&
        item.name &&
        item.marktype !== 'group' &&
        // Vega-Lite's invisible nearest-point cells, not data marks.
        item.name !== 'voronoi'
      ) {
        // A line or area is one mark however many points its path has.
        const drawn =
          item.marktype === 'line' || item.marktype === 'area'
            ? 1
            : (item.items?.length ?? 0);
        counts[item.name] = (counts[item.name] ?? 0) + drawn;
      }
      walk(item);
    }
  };
  walk(root as ISceneItem);
  return counts;
}

export class ChartSlot {
  constructor(options: ChartSlot.IOptions) {
    this._trans = options.trans;
    this._onRunClicked = options.onRunClicked;
    const node = (this.node = document.createElement('section'));
    node.className = 'jp-runlog-compare-chart';
    node.dataset.chart = options.kind;
    const title = document.createElement('h3');
    title.className = 'jp-runlog-compare-chartTitle';
    title.textContent = options.title;
    node.setAttribute('aria-label', options.title);
    this.controls.className = 'jp-runlog-compare-chartControls';
    this.plot.className = 'jp-runlog-compare-plot';
    this.note.className = 'jp-runlog-compare-note';
    node.append(title, this.controls, this.plot, this.note);
  }

  readonly node: HTMLElement;
  readonly controls = document.createElement('div');
  readonly plot = document.createElement('div');
  readonly note = document.createElement('p');

  /** A labelled drop-down in the controls; `changed` gets the new value. */
  addSelect(
    label: string,
    changed: (value: string) => void
  ): HTMLSelectElement {
    const wrapper = document.createElement('label');
    const select = document.createElement('select');
    select.className = 'jp-mod-styled';
    select.addEventListener('change', () => changed(select.value));
    wrapper.append(`${label} `, select);
    this.controls.appendChild(wrapper);
    return select;
  }

  /**
   * Draw a spec, replacing the previous view. Resolves when drawn; a newer
   * call wins over an older one still loading.
   */
  async render(spec: TopLevelSpec, started = performance.now()): Promise<void> {
    const generation = ++this._generation;
    this._spec = spec;
    this.node.dataset.markCount = String(datasetSize(spec));
    this.node.dataset.state = 'loading';
    try {
      const { default: embed } = await loadVegaEmbed();
      if (generation !== this._generation) {
        return;
      }
      this._finalize();
      const rows = datasetSize(spec);
      const result = await embed(this.plot, spec, {
        renderer: rows <= MAX_SVG_ROWS ? 'svg' : 'canvas',
        actions: {
          export: true,
          source: false,
          compiled: false,
          editor: false
        },
        theme: isDarkTheme() ? 'dark' : undefined,
        i18n: {
          PNG_ACTION: this._trans.__('Save as PNG'),
          SVG_ACTION: this._trans.__('Save as SVG')
        }
      });
      if (generation !== this._generation) {
        result.finalize();
        return;
      }
      this._result = result;
      result.view.addEventListener('click', (_event, item) => {
        const datum = (item as { datum?: { run_id?: unknown } } | null)?.datum;
        if (typeof datum?.run_id === 'string') {
          this._onRunClicked(datum.run_id);
        }
      });
      const scene = result.view.scenegraph() as unknown as { root: unknown };
      this.node.dataset.marks = JSON.stringify(drawnMarks(scene.root));
      this.node.dataset.theme = isDarkTheme() ? 'dark' : 'light';
      this.node.dataset.state = 'ready';
      this.node.dataset.renderMs = String(
        Math.round(performance.now() - started)
      );
    } catch (reason) {
      if (generation !== this._generation) {
        return;
      }
      console.error('jupyterlab-runlog: cannot draw a chart', reason);
      this.node.dataset.state = 'error';
      const why = chartFailureReason(reason);
      this.plot.textContent = why
        ? this._trans.__('This chart cannot be drawn: %1', why)
        : this._trans.__('This chart cannot be drawn.');
    }
  }

  /** Draw the last spec again (after a theme change). */
  async redraw(): Promise<void> {
    if (this._spec) {
      await this.render(this._spec);
    }
  }

  /** Show a message instead of a chart. */
  clear(message: string): void {
    this._generation++;
    this._spec = null;
    this._finalize();
    this.node.dataset.state = 'empty';
    delete this.node.dataset.renderMs;
    delete this.node.dataset.marks;
    this.node.dataset.markCount = '0';
    this.plot.replaceChildren();
    this.note.textContent = message;
  }

  dispose(): void {
    this._generation++;
    this._finalize();
  }

  private _finalize(): void {
    this._result?.finalize();
    this._result = null;
  }

  private _trans: TranslationBundle;
  private _onRunClicked: (runId: string) => void;
  private _generation = 0;
  private _spec: TopLevelSpec | null = null;
  private _result: Result | null = null;
}

export namespace ChartSlot {
  export interface IOptions {
    kind: ChartKind;
    title: string;
    trans: TranslationBundle;
    onRunClicked: (runId: string) => void;
  }
}

/** Longest reason shown under a chart that failed (Vega's messages can quote whole specs). */
const MAX_REASON_CHARS = 200;

/**
 * What to tell the user about a chart that failed to draw: the first line of
 * the error's message, shortened; '' when there is nothing readable. Shown as
 * text, never as markup.
 */
export function chartFailureReason(reason: unknown): string {
  const message =
    reason instanceof Error
      ? reason.message
      : typeof reason === 'string'
        ? reason
        : '';
  const firstLine = message.split(/\r?\n|\u2028|\u2029/)[0].trim();
  return firstLine.length > MAX_REASON_CHARS
    ? `${firstLine.slice(0, MAX_REASON_CHARS - 1)}…`
    : firstLine;
}
