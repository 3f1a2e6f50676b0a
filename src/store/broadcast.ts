/**
 * Telling other tabs of the same origin which runs were written, so their
 * stores re-read them and emit `changed`.
 */
import type { IDisposable } from '@lumino/disposable';

/** What one tab tells the others after a write. */
export interface IChangeNotice {
  experimentId: string;
  ids: string[];
}

export class ChangeBroadcast implements IDisposable {
  /** A channel, or null where BroadcastChannel is missing (jsdom, old browsers). */
  static open(
    name: string,
    onNotice: (notice: IChangeNotice) => void
  ): ChangeBroadcast | null {
    return typeof BroadcastChannel === 'undefined'
      ? null
      : new ChangeBroadcast(new BroadcastChannel(name), onNotice);
  }

  private constructor(
    private readonly _channel: BroadcastChannel,
    private readonly _onNotice: (notice: IChangeNotice) => void
  ) {
    _channel.addEventListener('message', this._onMessage);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  post(notice: IChangeNotice): void {
    if (!this._isDisposed) {
      this._channel.postMessage(notice);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._channel.removeEventListener('message', this._onMessage);
    this._channel.close();
  }

  private _onMessage = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (isChangeNotice(data)) {
      this._onNotice(data);
    }
  };

  private _isDisposed = false;
}

function isChangeNotice(data: unknown): data is IChangeNotice {
  if (typeof data !== 'object' || data === null) {
    return false;
  }
  const { experimentId, ids } = data as Partial<IChangeNotice>;
  return (
    typeof experimentId === 'string' &&
    Array.isArray(ids) &&
    ids.every(id => typeof id === 'string')
  );
}
