/**
 * The `writeFailed` payloads, with user-facing text through ITranslator.
 */
import type { ITranslator } from '@jupyterlab/translation';
import type { IRunStore } from '../tokens';

export type Translate = (message: string, ...args: unknown[]) => string;

/** `trans.__` of the extension's domain, or plain `%1` substitution without a translator. */
export function translateWith(translator?: ITranslator): Translate {
  const trans = translator?.load('jupyterlab_runlog');
  if (trans) {
    return (message, ...args) => trans.__(message, ...args);
  }
  return (message, ...args) =>
    args.reduce<string>(
      (text, arg, index) => text.replace(`%${index + 1}`, String(arg)),
      message
    );
}

/** Quota errors by name: DOMException is not always an Error subclass. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

export function writeFailure(
  error: unknown,
  pending: number,
  tr: Translate
): IRunStore.IWriteFailure {
  if (isQuotaError(error)) {
    return {
      kind: 'quota',
      pending,
      message: tr(
        'The browser has no storage space left for runs. %1 run(s) are kept in memory and saving is retried; free disk space or delete old runs.',
        pending
      )
    };
  }
  const reason = (error as { message?: unknown } | null)?.message ?? error;
  return {
    kind: 'unknown',
    pending,
    message: tr(
      'Runs could not be saved (%1). %2 run(s) are kept in memory and saving is retried.',
      String(reason),
      pending
    )
  };
}

export function blockedFailure(
  pending: number,
  tr: Translate
): IRunStore.IWriteFailure {
  return {
    kind: 'blocked',
    pending,
    message: tr(
      'Run history is being upgraded but another JupyterLab tab still uses the old version. Close or reload the other JupyterLab tabs.'
    )
  };
}
