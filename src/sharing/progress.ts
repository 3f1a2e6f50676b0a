/**
 * Progress of a long export or import: a notification with a bar and a
 * Cancel button, shown only when the work outlasts a short delay.
 */
import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

/** Work shorter than this shows no notification at all. */
const SHOW_AFTER_MS = 400;
/** The bar is updated at most this often. */
const UPDATE_EVERY_MS = 150;

export async function withProgress<T>(
  trans: TranslationBundle,
  message: string,
  task: (
    signal: AbortSignal,
    onProgress: (fraction: number) => void
  ) => Promise<T>
): Promise<T> {
  const controller = new AbortController();
  let id: string | null = null;
  let fraction = 0;
  let updatedAt = 0;
  const actions = [
    {
      label: trans.__('Cancel'),
      callback: () => controller.abort()
    }
  ];
  const show = window.setTimeout(() => {
    id = Notification.emit(message, 'in-progress', {
      autoClose: false,
      progress: fraction,
      actions
    });
  }, SHOW_AFTER_MS);
  const onProgress = (value: number) => {
    fraction = Math.max(0, Math.min(1, value));
    const now = performance.now();
    if (id !== null && now - updatedAt > UPDATE_EVERY_MS) {
      updatedAt = now;
      Notification.update({
        id,
        message,
        type: 'in-progress',
        progress: fraction,
        actions
      });
    }
  };
  try {
    return await task(controller.signal, onProgress);
  } finally {
    window.clearTimeout(show);
    if (id !== null) {
      Notification.dismiss(id);
    }
  }
}
