import type * as nbformat from '@jupyterlab/nbformat';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { ITranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { ICapturedOutput, ICellRecord } from '../model/types';

export interface IRecordedOutputsOptions {
  rendermime: IRenderMimeRegistry;
  translator: ITranslator;
  /** Class of the output area. */
  areaClass: string;
  /** Class of the note shown when the outputs cannot be rendered. */
  noteClass: string;
}

/**
 * MIME types never rendered from a record: their renderers run code or
 * fetch what a spec names (Vega loads data URLs, widgets talk to a kernel).
 * Outputs carry fallbacks (an image, plain text), which are shown instead.
 */
const WITHHELD_MIME =
  /javascript|ecmascript|vega|widget-view|bokehjs|plotly|holoviews|vnd\.jupyter\.widget/i;

/** Attributes that make the browser load a resource. */
const URL_ATTRIBUTES = [
  'src',
  'srcset',
  'href',
  'xlink:href',
  'poster',
  'background',
  'action',
  'formaction',
  'data'
];

/** A URL the browser would fetch from another host (or any host: `//x`). */
function isRemote(url: string): boolean {
  return /^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(url) && !/^\s*data:/i.test(url);
}

/**
 * The registry's sanitizer, then remote URLs removed: a recorded output,
 * perhaps from someone else's bundle, must not make the page contact
 * another host (a tracking pixel, a stylesheet).
 */
export class RecordSanitizer implements IRenderMime.ISanitizer {
  constructor(private readonly _base: IRenderMime.ISanitizer) {}

  sanitize(dirty: string, options?: IRenderMime.ISanitizerOptions): string {
    const clean = this._base.sanitize(dirty, options);
    const template = document.createElement('template');
    template.innerHTML = clean;
    template.content
      .querySelectorAll('link, iframe, object, embed, base, meta')
      .forEach(element => element.remove());
    template.content.querySelectorAll('*').forEach(element => {
      for (const name of URL_ATTRIBUTES) {
        const value = element.getAttribute(name);
        if (value !== null && isRemote(value)) {
          element.removeAttribute(name);
        }
      }
      const style = element.getAttribute('style');
      if (style && /url\s*\(/i.test(style)) {
        element.removeAttribute('style');
      }
    });
    return template.innerHTML;
  }

  getAutolink(): boolean {
    return this._base.getAutolink?.() ?? true;
  }

  get allowNamedProperties(): boolean {
    return this._base.allowNamedProperties ?? false;
  }
}

const recordRegistries = new WeakMap<
  IRenderMimeRegistry,
  IRenderMimeRegistry
>();

/** A registry for recorded outputs: the same, with the strict sanitizer. */
function recordRegistry(rendermime: IRenderMimeRegistry): IRenderMimeRegistry {
  let registry = recordRegistries.get(rendermime);
  if (!registry) {
    registry = rendermime.clone({
      sanitizer: new RecordSanitizer(rendermime.sanitizer)
    });
    recordRegistries.set(rendermime, registry);
  }
  return registry;
}

/** The output without withheld MIME types (display and result outputs). */
export function withoutWithheld(output: ICapturedOutput): ICapturedOutput {
  const data = output.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return output;
  }
  const kept = Object.fromEntries(
    Object.entries(data).filter(([mime]) => !WITHHELD_MIME.test(mime))
  );
  return { ...output, data: kept };
}

/**
 * A captured cell's outputs, rendered through rendermime as untrusted: they
 * may come from an imported bundle. The caller disposes `model` with the view.
 */
export function renderRecordedOutputs(
  cell: ICellRecord,
  options: IRecordedOutputsOptions
): { widget: Widget; model: OutputAreaModel | null } {
  const outputs = cell.outputs
    .filter(output => typeof output.output_type === 'string')
    .map(withoutWithheld) as unknown as nbformat.IOutput[];
  try {
    const model = new OutputAreaModel({ trusted: false, values: outputs });
    const area = new OutputArea({
      model,
      rendermime: recordRegistry(options.rendermime),
      translator: options.translator
    });
    area.addClass(options.areaClass);
    return { widget: area, model };
  } catch (reason) {
    console.warn('jupyterlab-runlog: cannot render outputs', reason);
    const message = new Widget();
    message.addClass(options.noteClass);
    message.node.textContent = options.translator
      .load('jupyterlab_runlog')
      .__('The outputs of this cell cannot be shown.');
    return { widget: message, model: null };
  }
}
