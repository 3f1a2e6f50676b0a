/**
 * The shape of a bundle and of its run records, as data.
 *
 * This is the hand-written twin of docs/schema/bundle.schema.json (which
 * references docs/schema/run-record.schema.json): the same required fields,
 * types, enums, formats and minimums. bundleSchema.spec.ts runs both over the
 * same corpus and fails when they disagree, so change them together.
 */
import { CHECKSUM_PATTERN } from './bundleFormat';

export type Shape =
  | IStringShape
  | INumberShape
  | IBooleanShape
  | { kind: 'any' }
  | { kind: 'nullable'; of: Shape }
  | { kind: 'array'; items: Shape }
  | { kind: 'pair' }
  | { kind: 'map'; values: Shape }
  | IObjectShape;

export interface IStringShape {
  kind: 'string';
  nonEmpty?: boolean;
  oneOf?: readonly string[];
  dateTime?: boolean;
  pattern?: RegExp;
  /** What `pattern` expects, in words, for messages. */
  patternHint?: string;
}

export interface INumberShape {
  kind: 'number';
  integer?: boolean;
  minimum?: number;
}

export interface IBooleanShape {
  kind: 'boolean';
  /** Only this value is allowed (JSON Schema `const`). */
  only?: boolean;
}

/** An object with known members; members not listed are allowed and not checked. */
export interface IObjectShape {
  kind: 'object';
  required: { readonly [key: string]: Shape };
  optional?: { readonly [key: string]: Shape };
}

const string: Shape = { kind: 'string' };
const nonEmptyString: Shape = { kind: 'string', nonEmpty: true };
const timestamp: Shape = { kind: 'string', dateTime: true };
const durationOrNull: Shape = {
  kind: 'nullable',
  of: { kind: 'number', minimum: 0 }
};
const strings: Shape = { kind: 'array', items: string };

export const PARAM_SHAPE: IObjectShape = {
  kind: 'object',
  required: { value: { kind: 'any' }, source: string, type: string },
  optional: {
    origin: { kind: 'string', oneOf: ['kernel', 'source'] },
    exact: { kind: 'boolean' },
    redacted: { kind: 'boolean', only: true }
  }
};

export const METRIC_SHAPE: IObjectShape = {
  kind: 'object',
  required: { value: { kind: 'number' } },
  optional: { series: { kind: 'array', items: { kind: 'pair' } } }
};

/** An nbformat output: any object that says what kind of output it is. */
export const OUTPUT_SHAPE: IObjectShape = {
  kind: 'object',
  required: { output_type: string }
};

export const CELL_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    cell_id: string,
    role: { kind: 'string', oneOf: ['parameters', 'tracked'] },
    source: string,
    outputs: { kind: 'array', items: OUTPUT_SHAPE },
    status: { kind: 'string', oneOf: ['ok', 'error', 'interrupted'] },
    execution_count: {
      kind: 'nullable',
      of: { kind: 'number', integer: true }
    },
    duration_ms: durationOrNull
  },
  optional: { started_at: timestamp }
};

export const ORIGIN_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    kind: { kind: 'string', oneOf: ['bundle', 'papermill'] },
    file: string,
    imported_at: timestamp
  },
  optional: {
    exported_by: string,
    exported_at: timestamp,
    // Set by an import that renumbered the run (src/store/importNumbers.ts).
    original_number: { kind: 'number', integer: true, minimum: 1 }
  }
};

export const RUN_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    id: nonEmptyString,
    number: { kind: 'number', integer: true, minimum: 1 },
    experiment: {
      kind: 'object',
      required: { id: nonEmptyString, name: string }
    },
    notebook_path: string,
    status: {
      kind: 'string',
      oneOf: ['running', 'completed', 'failed', 'interrupted']
    },
    started_at: timestamp,
    ended_at: { kind: 'nullable', of: timestamp },
    duration_ms: durationOrNull,
    params: { kind: 'map', values: PARAM_SHAPE },
    metrics: { kind: 'map', values: METRIC_SHAPE },
    cells: { kind: 'array', items: CELL_SHAPE },
    context: {
      kind: 'object',
      required: {
        kernel: {
          kind: 'object',
          required: { name: string, language: string },
          optional: { language_version: string, display_name: string }
        }
      },
      optional: {
        user: string,
        packages: { kind: 'map', values: string },
        git: {
          kind: 'object',
          required: {
            commit: {
              kind: 'string',
              pattern: /^([0-9a-f]{40}|[0-9a-f]{64})$/,
              patternHint: '40 or 64 lowercase hex digits'
            },
            branch: { kind: 'nullable', of: string },
            dirty: { kind: 'boolean' }
          }
        },
        seeds: {
          kind: 'object',
          required: {
            params: { kind: 'map', values: { kind: 'any' } },
            calls: strings
          }
        },
        resources: {
          kind: 'object',
          required: {
            cpu_seconds: { kind: 'number', minimum: 0 },
            wall_seconds: { kind: 'number', minimum: 0 },
            peak_rss_bytes: {
              kind: 'nullable',
              of: { kind: 'number', integer: true, minimum: 0 }
            },
            peak_rss_scope: { kind: 'string', oneOf: ['run', 'process'] },
            gpu: {
              kind: 'array',
              items: {
                kind: 'object',
                required: {
                  device: { kind: 'number', integer: true, minimum: 0 },
                  name: string,
                  peak_bytes: { kind: 'number', minimum: 0 }
                }
              }
            },
            cells_measured: { kind: 'number', integer: true, minimum: 0 }
          }
        },
        files: {
          kind: 'map',
          values: {
            kind: 'object',
            required: {
              path: string,
              kind: { kind: 'string', oneOf: ['file', 'directory'] },
              size: { kind: 'number', integer: true, minimum: 0 },
              mtime: string,
              sha256: {
                kind: 'nullable',
                of: {
                  kind: 'string',
                  pattern: /^[0-9a-f]{64}$/,
                  patternHint: '64 lowercase hex digits'
                }
              }
            }
          }
        }
      }
    },
    annotations: {
      kind: 'object',
      required: { note: string, tags: strings, starred: { kind: 'boolean' } }
    },
    updated_at: timestamp
  },
  optional: {
    partial: { kind: 'object', required: { skipped_cells: strings } },
    status_reason: string,
    origin: ORIGIN_SHAPE,
    history: {
      kind: 'array',
      items: {
        kind: 'object',
        required: {
          at: timestamp,
          user: { kind: 'nullable', of: string },
          field: { kind: 'string', oneOf: ['note', 'tags', 'starred'] },
          from: { kind: 'any' },
          to: { kind: 'any' }
        }
      }
    }
  }
};

/**
 * The bundle's own fields. `runs` items are checked one by one with
 * RUN_SHAPE (so progress can be reported), `format` and `version` before
 * anything else (a wrong format or a newer version stops the read).
 */
export const ENVELOPE_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    exported_at: timestamp,
    runs: { kind: 'array', items: { kind: 'any' } },
    checksum: {
      kind: 'string',
      pattern: CHECKSUM_PATTERN,
      patternHint: '"sha256:" and 64 lowercase hex digits'
    }
  },
  optional: {
    exported_by: {
      kind: 'object',
      required: { app: string, version: string },
      optional: { user: string }
    }
  }
};
