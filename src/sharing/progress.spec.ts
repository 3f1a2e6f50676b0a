import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { NOTIFICATION_SETTLE_MS, withProgress } from './progress';

const trans = nullTranslator.load('jupyterlab_runlog');

/** Each wait for the toast library on a busy page. */
const BUSY_MS = 40;
/** From a toast's creation to it being drawn (what "active" means). */
const RENDER_MS = 30;

const library = () =>
  new Promise<void>(resolve => window.setTimeout(resolve, BUSY_MS));

/**
 * Toasts as JupyterLab draws notifications: every change is handled after
 * waiting for the toast library; an update of a toast not drawn yet creates
 * it again (after one more wait); a removal takes the toast away, but a
 * creation handled after it puts one up that nothing removes.
 */
class Toasts {
  constructor() {
    Notification.manager.changed.connect(this._onChange, this);
  }

  /** Toasts on screen (or created and about to be drawn). */
  readonly onScreen = new Set<string>();
  readonly changes: Notification.IChange['type'][] = [];

  /** The toast's close button: the toast goes, the notification stays. */
  hideAll(): void {
    this.onScreen.clear();
    this._drawn.clear();
  }

  dispose(): void {
    Notification.manager.changed.disconnect(this._onChange, this);
  }

  private async _onChange(
    _: unknown,
    change: Notification.IChange
  ): Promise<void> {
    const { id } = change.notification;
    this.changes.push(change.type);
    await library();
    if (change.type === 'added') {
      this._create(id);
    } else if (change.type === 'updated') {
      if (!this._drawn.has(id)) {
        await library();
        this._create(id);
      }
    } else {
      this.onScreen.delete(id);
      this._drawn.delete(id);
    }
  }

  private _create(id: string): void {
    if (this.onScreen.has(id)) {
      return;
    }
    this.onScreen.add(id);
    window.setTimeout(() => {
      if (this.onScreen.has(id)) {
        this._drawn.add(id);
      }
    }, RENDER_MS);
  }

  private _drawn = new Set<string>();
}

/** Work reporting progress every 10 ms for `durationMs`. */
function work(durationMs: number) {
  return (_signal: AbortSignal, onProgress: (fraction: number) => void) =>
    new Promise<string>(resolve => {
      let elapsed = 0;
      const tick = () => {
        elapsed += 10;
        onProgress(elapsed / durationMs);
        if (elapsed >= durationMs) {
          resolve('done');
        } else {
          window.setTimeout(tick, 10);
        }
      };
      window.setTimeout(tick, 10);
    });
}

describe('withProgress', () => {
  let toasts: Toasts;

  beforeEach(() => {
    jest.useFakeTimers();
    toasts = new Toasts();
  });

  afterEach(() => {
    toasts.dispose();
    Notification.manager.dismiss();
    jest.useRealTimers();
  });

  async function run(durationMs: number): Promise<string> {
    const result = withProgress(trans, 'Importing…', work(durationMs));
    await jest.advanceTimersByTimeAsync(durationMs + 10);
    const value = await result;
    // Whatever JupyterLab still has to do with the changes.
    await jest.advanceTimersByTimeAsync(NOTIFICATION_SETTLE_MS + 10 * BUSY_MS);
    return value;
  }

  it('shows nothing for work shorter than the delay', async () => {
    expect(await run(300)).toBe('done');
    expect(toasts.changes).toEqual([]);
  });

  it('leaves no toast when the work ends right after the toast appeared', async () => {
    // Progress reported while the toast is not drawn yet, then the end: the
    // order in which an "Importing…" toast stayed on screen.
    expect(await run(420)).toBe('done');
    expect(toasts.changes[0]).toBe('added');
    expect(toasts.changes[toasts.changes.length - 1]).toBe('removed');
    expect(Notification.manager.count).toBe(0);
    expect(toasts.onScreen.size).toBe(0);
  });

  it('moves the bar during long work and leaves no toast at its end', async () => {
    expect(await run(3000)).toBe('done');
    const updates = toasts.changes.filter(type => type === 'updated');
    expect(updates.length).toBeGreaterThan(5);
    expect(toasts.changes[toasts.changes.length - 1]).toBe('removed');
    expect(Notification.manager.count).toBe(0);
    expect(toasts.onScreen.size).toBe(0);
  });

  it('leaves no toast when the user had closed it and the work then ends', async () => {
    // JupyterLab's close button hides the toast and keeps the notification:
    // the next update draws it again, and the end follows at once.
    const result = withProgress(trans, 'Importing…', work(2000));
    await jest.advanceTimersByTimeAsync(1990);
    toasts.hideAll();
    await jest.advanceTimersByTimeAsync(20);
    await result;
    await jest.advanceTimersByTimeAsync(NOTIFICATION_SETTLE_MS + 10 * BUSY_MS);
    expect(Notification.manager.count).toBe(0);
    expect(toasts.onScreen.size).toBe(0);
  });
});
