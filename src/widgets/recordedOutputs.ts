import type * as nbformat from '@jupyterlab/nbformat';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { ITranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { ICellRecord } from '../model/types';

export interface IRecordedOutputsOptions {
  rendermime: IRenderMimeRegistry;
  translator: ITranslator;
  /** Class of the output area. */
  areaClass: string;
  /** Class of the note shown when the outputs cannot be rendered. */
  noteClass: string;
}

/**
 * A captured cell's outputs, rendered through rendermime as untrusted: they
 * may come from an imported bundle. The caller disposes `model` with the view.
 */
export function renderRecordedOutputs(
  cell: ICellRecord,
  options: IRecordedOutputsOptions
): { widget: Widget; model: OutputAreaModel | null } {
  const outputs = cell.outputs.filter(
    output => typeof output.output_type === 'string'
  ) as unknown as nbformat.IOutput[];
  try {
    const model = new OutputAreaModel({ trusted: false, values: outputs });
    const area = new OutputArea({
      model,
      rendermime: options.rendermime,
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
