/**
 * The one runtime description of a run record: each field's type, limits
 * and the normalisation capture applies (see shape.ts). Capture reads
 * kernel replies with it (runContext.ts), the store normalises what it
 * writes and bounds annotation changes with it (src/store/annotations.ts),
 * and bundles are checked with it on writing and reading
 * (src/model/bundle). docs/schema/run-record.schema.json is its JSON Schema
 * twin: runRecordShape.spec.ts compares the two field by field, and the
 * bundle corpora (bundleSchema.spec.ts) run both. Change them together.
 */
import {
  normaliseLeniently,
  type IArrayShape,
  type IMapShape,
  type IObjectShape,
  type IStringShape,
  type Shape
} from './shape';

/**
 * Annotation limits. Longer notes are refused by the store and in bundles;
 * the store cuts longer tags, drops tags beyond MAX_TAGS and keeps the
 * newest MAX_HISTORY changes; a bundle over any of them is refused.
 * Lengths count code points, as JSON Schema `maxLength` does.
 */
export const NOTE_MAX_LENGTH = 100_000;
export const TAG_MAX_LENGTH = 100;
export const MAX_TAGS = 50;
export const MAX_HISTORY = 1_000;
/**
 * Alert limits: a run keeps one firing per rule, at most MAX_ALERTS of
 * them; rules, subjects and string values have at most
 * ALERT_TEXT_MAX_LENGTH characters.
 */
export const MAX_ALERTS = 100;
export const ALERT_TEXT_MAX_LENGTH = 1_000;

const string: Shape = { kind: 'string' };
const nonEmptyString: Shape = { kind: 'string', nonEmpty: true };
const timestamp: Shape = { kind: 'string', dateTime: true };
const durationOrNull: Shape = {
  kind: 'nullable',
  of: { kind: 'number', minimum: 0 }
};
const strings: Shape = { kind: 'array', items: string };

/** Hex digests as the schema stores them; capture lower-cases what a kernel reports. */
const hex = (pattern: RegExp, patternHint: string): IStringShape => ({
  kind: 'string',
  pattern,
  patternHint,
  lowerCase: true
});

export const GIT_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    commit: hex(
      /^([0-9a-f]{40}|[0-9a-f]{64})$/,
      '40 or 64 lowercase hex digits'
    ),
    branch: { kind: 'nullable', of: string },
    dirty: { kind: 'boolean' }
  }
};

export const GPU_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    device: { kind: 'number', integer: true, minimum: 0 },
    name: string,
    peak_bytes: { kind: 'number', minimum: 0 }
  }
};

export const RESOURCES_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    cpu_seconds: { kind: 'number', minimum: 0 },
    wall_seconds: { kind: 'number', minimum: 0 },
    peak_rss_bytes: {
      kind: 'nullable',
      of: { kind: 'number', integer: true, minimum: 0 }
    },
    peak_rss_scope: { kind: 'string', oneOf: ['run', 'process'] },
    gpu: { kind: 'array', items: GPU_SHAPE },
    cells_measured: { kind: 'number', integer: true, minimum: 0 }
  }
};

export const FILE_FINGERPRINT_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    path: string,
    kind: { kind: 'string', oneOf: ['file', 'directory'] },
    size: { kind: 'number', integer: true, minimum: 0 },
    mtime: string,
    sha256: {
      kind: 'nullable',
      of: hex(/^[0-9a-f]{64}$/, '64 lowercase hex digits')
    }
  }
};

/** Package versions by distribution name. */
export const PACKAGES_SHAPE: IMapShape = { kind: 'map', values: string };

/** File fingerprints by parameter name. */
export const FILES_SHAPE: IMapShape = {
  kind: 'map',
  values: FILE_FINGERPRINT_SHAPE
};

export const TAGS_SHAPE: IArrayShape = {
  kind: 'array',
  maxItems: MAX_TAGS,
  items: { kind: 'string', nonEmpty: true, maxLength: TAG_MAX_LENGTH }
};

export const ANNOTATIONS_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    note: { kind: 'string', maxLength: NOTE_MAX_LENGTH },
    tags: TAGS_SHAPE,
    starred: { kind: 'boolean' }
  }
};

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
    kind: { kind: 'string', oneOf: ['bundle', 'papermill', 'mlflow'] },
    file: string,
    imported_at: timestamp
  },
  optional: {
    exported_by: string,
    exported_at: timestamp,
    // Set by an import that renumbered the run (src/store/runNumbering.ts).
    original_number: { kind: 'number', integer: true, minimum: 1 },
    // Runs pulled from MLflow (src/model/mlflow/pulledRun.ts).
    mlflow_run_id: nonEmptyString,
    run_url: { kind: 'nullable', of: string },
    // Set once the metric histories were fetched (src/model/mlflow/metricHistory.ts).
    histories_fetched_at: timestamp
  }
};

/** Where the run ran; capture fills it from JupyterLab and the kernel (runContext.ts). */
export const CONTEXT_SHAPE: IObjectShape = {
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
    packages: PACKAGES_SHAPE,
    git: GIT_SHAPE,
    seeds: {
      kind: 'object',
      required: {
        params: { kind: 'map', values: { kind: 'any' } },
        calls: strings
      }
    },
    resources: RESOURCES_SHAPE,
    files: FILES_SHAPE
  }
};

/** One history entry: an annotation change, a move in or out of the trash, a purge. */
export const RUN_CHANGE_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    at: timestamp,
    user: { kind: 'nullable', of: string },
    field: {
      kind: 'string',
      oneOf: ['note', 'tags', 'starred', 'deleted', 'purged']
    },
    from: { kind: 'any' },
    to: { kind: 'any' }
  }
};

const alertText: Shape = {
  kind: 'string',
  nonEmpty: true,
  maxLength: ALERT_TEXT_MAX_LENGTH
};

/** An alert rule that fired on a run (IRunAlert). */
export const ALERT_SHAPE: IObjectShape = {
  kind: 'object',
  required: {
    rule: alertText,
    at: timestamp,
    subject: alertText,
    value: { kind: 'scalar', maxLength: ALERT_TEXT_MAX_LENGTH },
    step: { kind: 'nullable', of: { kind: 'number' } }
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
    context: CONTEXT_SHAPE,
    annotations: ANNOTATIONS_SHAPE,
    updated_at: timestamp
  },
  optional: {
    partial: { kind: 'object', required: { skipped_cells: strings } },
    status_reason: string,
    origin: ORIGIN_SHAPE,
    history: {
      kind: 'array',
      maxItems: MAX_HISTORY,
      items: RUN_CHANGE_SHAPE
    },
    deleted: {
      kind: 'object',
      required: { at: timestamp, user: { kind: 'nullable', of: string } }
    },
    alerts: { kind: 'array', maxItems: MAX_ALERTS, items: ALERT_SHAPE }
  }
};

/**
 * `run` with its context normalised as capture does (lower-case digests,
 * whole-number sizes), everything else as it is; the same object when
 * nothing changes. The store applies it to what it writes, so records from
 * any source are stored in the one form.
 */
export function normaliseRunRecord<T extends { context?: unknown }>(run: T): T {
  const context = normaliseLeniently(run.context, CONTEXT_SHAPE);
  return context === run.context ? run : { ...run, context };
}
