/**
 * Bundles written by the tests themselves, as another tool would write
 * them from docs/bundle-format.md: canonical JSON (keys sorted), checksum
 * = SHA-256 of the canonical text without the `checksum` member.
 */
import { createHash } from 'crypto';

export type Json =
  null | boolean | number | string | Json[] | { [key: string]: Json };

/** Canonical JSON: object keys sorted by UTF-16 code units, no spaces. */
export function canonical(value: Json): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A complete, valid run record; `fields` replace top-level fields. */
export function sampleRun(fields: { [key: string]: Json } = {}): {
  [key: string]: Json;
} {
  return {
    id: 'run-sample',
    number: 1,
    experiment: { id: 'nb-shared', name: 'shared' },
    notebook_path: 'shared.ipynb',
    status: 'completed',
    started_at: '2026-03-01T10:00:00.000Z',
    ended_at: '2026-03-01T10:00:05.000Z',
    duration_ms: 5000,
    params: {
      lr: { value: 0.1, source: '0.1', type: 'float', origin: 'kernel' }
    },
    metrics: { acc: { value: 0.8 } },
    cells: [
      {
        cell_id: 'train',
        role: 'tracked',
        source: 'train()',
        outputs: [{ output_type: 'stream', name: 'stdout', text: 'done\n' }],
        status: 'ok',
        execution_count: 2,
        duration_ms: 900
      }
    ],
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: '2026-03-01T10:00:05.000Z',
    ...fields
  };
}

/** The text of a version-1 bundle of `runs`, laid out as exported. */
export function bundleText(runs: Json[], user = 'Colleague'): string {
  const body: { [key: string]: Json } = {
    format: 'runlog-bundle',
    version: 1,
    exported_at: '2026-03-02T09:00:00.000Z',
    exported_by: { app: 'jupyterlab-runlog', version: '0.1.0', user },
    runs
  };
  const text = canonical(body);
  return `{"checksum":"${checksumOf(body)}",${text.slice(1)}`;
}

/** The `checksum` a bundle with these members (other than `checksum`) must carry. */
export function checksumOf(body: { [key: string]: Json }): string {
  const text = canonical(body);
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
