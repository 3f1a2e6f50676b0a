/**
 * The files a closed run leaves in its MLflow run's artifacts:
 *
 * - `runlog/run.json`: the run as a one-run bundle (docs/bundle-format.md),
 *   written by the bundle writer with secrets redacted as an export does.
 *   It holds every value whole, also those cut to fit MLflow's limits.
 * - `runlog/cells/<nn>-<cell_id>.py`: each cell's code (`nn`: its position
 *   in the run, from 01; the parameters cell redacted as in the bundle).
 * - `runlog/outputs/<nn>-<cell_id>-<k>.<ext>`: the cell's `k`-th output (from
 *   1) that is text (`.txt`: a stream, or `text/plain` of a result) or an
 *   image (`.png`, `.jpg`, `.svg`), within the output limits capture uses:
 *   text is cut as capture cuts it, larger images are left out, and so are
 *   outputs past the per-cell count.
 */
import { writeBundle } from '../bundle';
import { RUNLOG_METRICS_MIME } from '../record/metrics';
import {
  DEFAULT_OUTPUT_LIMITS,
  truncateText,
  type IOutputLimits
} from '../record/outputs';
import {
  DEFAULT_REDACTION_OPTIONS,
  redactRun,
  type IRedactionOptions
} from '../redaction/redaction';
import type { ICapturedOutput, IRunRecord, JSONValue } from '../types';
import type { IMlflowArtifact } from './protocol';

export const RUN_JSON_ARTIFACT = 'runlog/run.json';

export interface IRunArtifactsOptions {
  /** The bundle's `exported_by.version` (the extension's version). */
  appVersion: string;
  /** The bundle's `exported_by.user`, when known. */
  user?: string;
  outputLimits?: IOutputLimits;
  redaction?: IRedactionOptions;
}

/** Image types written as files, with their extension and how they are stored in outputs. */
const IMAGE_TYPES: readonly {
  mime: string;
  extension: string;
  encoding: IMlflowArtifact['encoding'];
}[] = [
  { mime: 'image/png', extension: 'png', encoding: 'base64' },
  { mime: 'image/jpeg', extension: 'jpg', encoding: 'base64' },
  { mime: 'image/svg+xml', extension: 'svg', encoding: 'utf-8' }
];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The run's artifacts (see above). Rejects with a BundleWriteError when the
 * run would not export as a bundle (a record that breaks the format).
 */
export async function runArtifacts(
  run: IRunRecord,
  options: IRunArtifactsOptions
): Promise<IMlflowArtifact[]> {
  const redaction = options.redaction ?? DEFAULT_REDACTION_OPTIONS;
  const limits = options.outputLimits ?? DEFAULT_OUTPUT_LIMITS;
  // Redacted once, for the bundle and the cells' code alike.
  const redacted = redactRun(run, redaction).run;
  const bundle = await writeBundle([redacted], {
    appVersion: options.appVersion,
    user: options.user
  });
  const artifacts: IMlflowArtifact[] = [
    { path: RUN_JSON_ARTIFACT, content: bundle, encoding: 'utf-8' }
  ];
  redacted.cells.forEach((cell, index) => {
    const stem = `${String(index + 1).padStart(2, '0')}-${safeName(cell.cell_id)}`;
    artifacts.push({
      path: `runlog/cells/${stem}.py`,
      content: typeof cell.source === 'string' ? cell.source : '',
      encoding: 'utf-8'
    });
    const outputs = Array.isArray(cell.outputs) ? cell.outputs : [];
    const count = Math.min(outputs.length, limits.maxOutputsPerCell);
    for (let k = 0; k < count; k++) {
      const file = outputFile(outputs[k], limits);
      if (file) {
        artifacts.push({
          path: `runlog/outputs/${stem}-${k + 1}.${file.extension}`,
          content: file.content,
          encoding: file.encoding
        });
      }
    }
  });
  return artifacts;
}

/** A cell id as a file name part: `[A-Za-z0-9_-]`, at most 64 characters. */
function safeName(cellId: unknown): string {
  const text = typeof cellId === 'string' ? cellId : '';
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'cell';
}

interface IOutputFile {
  extension: string;
  content: string;
  encoding: IMlflowArtifact['encoding'];
}

/** The file for one output, or null when it has no text or image within the limits. */
function outputFile(
  output: ICapturedOutput,
  limits: IOutputLimits
): IOutputFile | null {
  if (!isObject(output)) {
    return null;
  }
  if (output.output_type === 'stream') {
    return textFile(output.text, limits);
  }
  const data = output.data;
  if (!isObject(data) || RUNLOG_METRICS_MIME in data) {
    return null;
  }
  for (const image of IMAGE_TYPES) {
    const value = textOf(data[image.mime]);
    if (value === null) {
      continue;
    }
    const content =
      image.encoding === 'base64' ? value.replace(/\s+/g, '') : value;
    if (
      content.length > limits.maxImageBytes ||
      (image.encoding === 'base64' && !BASE64.test(content))
    ) {
      // Over the limit or not an image: the text below stands for it, if any.
      continue;
    }
    return { extension: image.extension, content, encoding: image.encoding };
  }
  return textFile(data['text/plain'], limits);
}

function textFile(value: JSONValue, limits: IOutputLimits): IOutputFile | null {
  const text = textOf(value);
  return text
    ? {
        extension: 'txt',
        content: truncateText(text, limits.maxTextChars),
        encoding: 'utf-8'
      }
    : null;
}

/** nbformat text: a string or a list of lines; null for anything else. */
function textOf(value: JSONValue | undefined): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value) && value.every(line => typeof line === 'string')) {
    return value.join('');
  }
  return null;
}

function isObject(value: unknown): value is { [key: string]: JSONValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
