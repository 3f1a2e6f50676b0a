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
/**
 * How long JupyterLab may take to act on a change of the notification. Its
 * toasts handle changes asynchronously (after loading the toast library, a
 * render later), and an update of a toast not drawn yet draws it again: an
 * update followed closely by the dismissal can draw the toast after it was
 * removed, and a toast with a Cancel button never closes by itself. So no
 * update is sent this soon after the notification appears, and the dismissal
 * waits this long after the last update.
 */
export const NOTIFICATION_SETTLE_MS = 500;

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
  let shownFraction = 0;
  let emittedAt = 0;
  /** When the last update was sent; null before the first. */
  let updatedAt: number | null = null;
  let pendingUpdate: number | undefined;
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
    shownFraction = fraction;
    emittedAt = performance.now();
  }, SHOW_AFTER_MS);
  const sendUpdate = () => {
    pendingUpdate = undefined;
    if (id === null || fraction === shownFraction) {
      return;
    }
    shownFraction = fraction;
    updatedAt = performance.now();
    Notification.update({
      id,
      message,
      type: 'in-progress',
      progress: fraction,
      actions
    });
  };
  const onProgress = (value: number) => {
    fraction = Math.max(0, Math.min(1, value));
    if (id === null || pendingUpdate !== undefined) {
      return;
    }
    // Sent from a timer, never in the turn the work ends in: the end clears it.
    const due = Math.max(
      emittedAt + NOTIFICATION_SETTLE_MS,
      (updatedAt ?? -Infinity) + UPDATE_EVERY_MS
    );
    pendingUpdate = window.setTimeout(
      sendUpdate,
      Math.max(0, due - performance.now())
    );
  };
  try {
    return await task(controller.signal, onProgress);
  } finally {
    window.clearTimeout(show);
    window.clearTimeout(pendingUpdate);
    if (id !== null) {
      dismissWhenSettled(id, updatedAt);
    }
  }
}

/**
 * Dismiss once JupyterLab has surely acted on the last update (see
 * NOTIFICATION_SETTLE_MS); right away when none was sent, as the emission's
 * own drawing is handled before a dismissal that follows it.
 */
function dismissWhenSettled(id: string, updatedAt: number | null): void {
  const wait =
    updatedAt === null
      ? 0
      : updatedAt + NOTIFICATION_SETTLE_MS - performance.now();
  if (wait <= 0) {
    Notification.dismiss(id);
  } else {
    window.setTimeout(() => Notification.dismiss(id), wait);
  }
}
