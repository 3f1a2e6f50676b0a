/**
 * Bundles dropped on the Runs panel are imported: files from the computer
 * (HTML drag and drop) and items dragged from JupyterLab's file browser
 * (Lumino drag and drop, which carries server paths).
 */
import { showErrorMessage } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Drag } from '@lumino/dragdrop';
import type { Widget } from '@lumino/widgets';
import { overSizeLimitMessage } from '../model/bundle/byteSizes';
import { BUNDLE_EXTENSION } from './bundleFiles';

/** The file browser's drag data: the dragged items' paths. */
const CONTENTS_MIME = 'application/x-jupyter-icontents';
const DROP_TARGET_CLASS = 'jp-runlog-mod-dropTarget';

export interface IDropOptions {
  trans: TranslationBundle;
  maxBytes: () => number;
  importPath: (path: string) => Promise<unknown>;
  /** Import a dropped file's bytes (the reader checks they are UTF-8). */
  importBytes: (bytes: Uint8Array, file: string) => Promise<unknown>;
}

function bundlePaths(event: Drag.Event): string[] {
  if (!event.mimeData.hasData(CONTENTS_MIME)) {
    return [];
  }
  const paths = event.mimeData.getData(CONTENTS_MIME);
  return Array.isArray(paths)
    ? paths.filter(
        (path): path is string =>
          typeof path === 'string' && path.endsWith(BUNDLE_EXTENSION)
      )
    : [];
}

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** Import bundles dropped on `widget`; returns a function that stops it. */
export function watchBundleDrops(
  widget: Widget,
  options: IDropOptions
): () => void {
  const node = widget.node;
  const { trans } = options;
  const highlight = (on: boolean) =>
    node.classList.toggle(DROP_TARGET_CLASS, on);

  const onLuminoDrag = (event: Event) => {
    const drag = event as Drag.Event;
    const paths = bundlePaths(drag);
    if (paths.length === 0) {
      return;
    }
    drag.preventDefault();
    drag.stopPropagation();
    switch (drag.type) {
      case 'lm-dragenter':
      case 'lm-dragover':
        highlight(true);
        // The file browser offers only 'move'; an action it did not offer
        // makes Lumino cancel the drop. Nothing is moved: the file is read.
        drag.dropAction = drag.proposedAction;
        break;
      case 'lm-dragleave':
        highlight(false);
        break;
      case 'lm-drop':
        highlight(false);
        drag.dropAction = drag.proposedAction;
        void (async () => {
          for (const path of paths) {
            await options.importPath(path);
          }
        })();
        break;
    }
  };

  const onFileDrag = (event: DragEvent) => {
    if (!hasFiles(event)) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (event.type === 'dragleave') {
      highlight(false);
      return;
    }
    if (event.type !== 'drop') {
      highlight(true);
      if (event.dataTransfer) {
        event.dataTransfer.dropEffect = 'copy';
      }
      return;
    }
    highlight(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    void (async () => {
      for (const file of files) {
        if (!file.name.endsWith(BUNDLE_EXTENSION)) {
          await showErrorMessage(
            trans.__('Cannot import %1', file.name),
            trans.__(
              'Only run bundles (%1 files) can be dropped here. Nothing was imported.',
              BUNDLE_EXTENSION
            )
          );
          continue;
        }
        if (file.size > options.maxBytes()) {
          await showErrorMessage(
            trans.__('Cannot import %1', file.name),
            trans.__(
              '%1 Nothing was imported.',
              overSizeLimitMessage(file.size, options.maxBytes(), trans)
            )
          );
          continue;
        }
        await options.importBytes(
          new Uint8Array(await file.arrayBuffer()),
          file.name
        );
      }
    })();
  };

  const lumino = ['lm-dragenter', 'lm-dragover', 'lm-dragleave', 'lm-drop'];
  const native = ['dragenter', 'dragover', 'dragleave', 'drop'] as const;
  lumino.forEach(type => node.addEventListener(type, onLuminoDrag, true));
  native.forEach(type => node.addEventListener(type, onFileDrag));
  return () => {
    lumino.forEach(type => node.removeEventListener(type, onLuminoDrag, true));
    native.forEach(type => node.removeEventListener(type, onFileDrag));
  };
}
