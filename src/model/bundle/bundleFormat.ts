/**
 * The run bundle format (docs/bundle-format.md): names, limits, result and
 * issue types shared by the writer and the reader.
 */
import type { IRunRecord } from '../types';

/** The value of a bundle's `format` field. */
export const BUNDLE_FORMAT = 'runlog-bundle';

/** The application name the writer puts in `exported_by.app`. */
export const BUNDLE_APP = 'jupyterlab-runlog';

/** The member every exported file starts with, before the 64 hex digits. */
export const CHECKSUM_PREFIX = 'sha256:';

/** A `checksum` value: `sha256:` and 64 lowercase hex digits. */
export const CHECKSUM_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Keys refused anywhere in a bundle: they are prototype-pollution vectors in JavaScript. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype'
]);

/** Bounds on an imported bundle (exposed in the settings). */
export interface IBundleLimits {
  /** Largest file, in bytes of UTF-8. Checked before the text is parsed. */
  maxBytes: number;
  /** Most runs in one bundle. */
  maxRuns: number;
  /** Longest string (values and keys), in UTF-16 code units as JavaScript counts them. */
  maxStringLength: number;
  /** Deepest nesting of arrays and objects; the bundle object itself is level 1. */
  maxDepth: number;
  /** Most members in one object. */
  maxKeysPerObject: number;
}

/** The defaults, stated in docs/bundle-format.md. */
export const DEFAULT_BUNDLE_LIMITS: Readonly<IBundleLimits> = Object.freeze({
  maxBytes: 200_000_000,
  maxRuns: 100_000,
  maxStringLength: 10_000_000,
  maxDepth: 64,
  maxKeysPerObject: 10_000
});

/** Who wrote a bundle (`exported_by`). */
export interface IBundleExporter {
  /** `jupyterlab-runlog` for bundles this extension writes. */
  app: string;
  /** The writing application's version. */
  version: string;
  /** The JupyterLab user who exported, when known. */
  user?: string;
}

/** A bundle's fields other than `runs`. */
export interface IBundleHeader {
  format: typeof BUNDLE_FORMAT;
  /** The format version the file was written in (before any migration). */
  version: number;
  exported_at: string;
  exported_by?: IBundleExporter;
  checksum: string;
}

/** What kind of problem an issue is, for code that reacts to some of them. */
export type BundleIssueCode =
  | 'too-large'
  | 'not-utf8'
  | 'not-json'
  | 'not-object'
  | 'wrong-format'
  | 'bad-version'
  | 'newer-version'
  | 'checksum-missing'
  | 'checksum-malformed'
  | 'checksum-mismatch'
  | 'too-deep'
  | 'too-many-runs'
  | 'too-many-keys'
  | 'string-too-long'
  | 'forbidden-key'
  | 'not-finite'
  | 'missing'
  | 'wrong-type'
  | 'bad-value'
  | 'duplicate-id'
  | 'migration-failed'
  | 'unreadable'
  | 'reformatted'
  | 'migrated';

/** One problem (or, in warnings, one remark) about a bundle. */
export interface IBundleIssue {
  code: BundleIssueCode;
  /**
   * Where, as a JSON Pointer (RFC 6901) into the bundle: `/runs/3/params/lr/value`.
   * `''` is the whole file. A missing field's path is the path it should have.
   */
  path: string;
  /** A translated sentence naming what is wrong and where. */
  message: string;
  /** The id of the run the path is in, when it has one. */
  runId?: string;
  /** Offset in the text, for problems found before parsing. */
  position?: number;
}

export interface IBundleReadSuccess {
  ok: true;
  bundle: IBundleHeader;
  /** Validated runs, migrated to the current record format, in file order. */
  runs: IRunRecord[];
  /** Remarks that did not stop the import (file reformatted, runs migrated). */
  warnings: IBundleIssue[];
}

export interface IBundleReadFailure {
  ok: false;
  /** At least one issue; at most MAX_ISSUES. */
  errors: IBundleIssue[];
}

export type BundleReadResult = IBundleReadSuccess | IBundleReadFailure;

/** Reports stop after this many issues: past that they only repeat. */
export const MAX_ISSUES = 100;

/**
 * The part of JupyterLab's TranslationBundle the model uses (`%1`, `%2`
 * placeholders), so user-facing messages are translated without the model
 * importing @jupyterlab packages.
 */
export interface IBundleTranslator {
  __(msgid: string, ...args: (string | number)[]): string;
}

/** English messages: fills `%1`, `%2`, ... */
export const UNTRANSLATED: IBundleTranslator = {
  __: (msgid, ...args) =>
    msgid.replace(/%(\d+)/g, (whole, index: string) => {
      const arg = args[Number(index) - 1];
      return arg === undefined ? whole : String(arg);
    })
};

/** The error an export or import rejects with when its AbortSignal fires. */
export class BundleAbortError extends Error {
  constructor(message = 'The operation was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

/** True for BundleAbortError and DOM AbortErrors. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** A JSON Pointer from path segments (`~` and `/` escaped as RFC 6901 says). */
export function jsonPointer(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    out +=
      '/' +
      (typeof segment === 'number'
        ? String(segment)
        : segment.replace(/~/g, '~0').replace(/\//g, '~1'));
  }
  return out;
}

/** `text`, cut to `maxChars` with an ellipsis. */
export function shorten(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** A short, quoted preview of an untrusted value for a message (never rendered as HTML). */
export function preview(value: unknown, maxChars = 40): string {
  let text: string;
  if (value === undefined) {
    text = 'nothing';
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    text = String(value);
  } else if (Array.isArray(value)) {
    text = `an array of ${value.length}`;
  } else if (typeof value === 'object' && value !== null) {
    text = 'an object';
  } else {
    text = JSON.stringify(value);
  }
  return shorten(text, maxChars);
}

/**
 * Cooperative scheduling for long loops: gives the event loop a turn every
 * `sliceMs` and checks for cancellation, so progress can be painted and a
 * Cancel button can work.
 */
export class TimeSlicer {
  private last = Date.now();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly sliceMs = 40
  ) {
    this.throwIfAborted();
  }

  /** True when the loop has run for a slice: time to `pause()`. */
  due(): boolean {
    return Date.now() - this.last >= this.sliceMs;
  }

  /** Give the event loop a turn, then stop if cancelled meanwhile. */
  async pause(): Promise<void> {
    await new Promise<void>(resolve => setTimeout(resolve, 0));
    this.last = Date.now();
    this.throwIfAborted();
  }

  throwIfAborted(): void {
    if (this.signal?.aborted) {
      throw new BundleAbortError();
    }
  }
}
