/**
 * The rows of a run's Context table in the run details: what the run ran
 * on and with, one line per item, as a user reads it.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { storedEnvironment } from '../model/record/runContext';
import type { IRunContext, IRunSeeds, JSONValue } from '../model/types';
import { formatBytes } from '../sharing/bundleFiles';

/** One row: what it is, the text shown, and an optional full value (tooltip). */
export interface IContextRow {
  label: string;
  value: string;
  title?: string;
}

type Translate = Pick<TranslationBundle, '__'>;

export function contextRows(
  context: IRunContext,
  trans: Translate
): IContextRow[] {
  const rows: IContextRow[] = [];
  const { kernel } = context;
  // Imported runs are untrusted: show only the parts that have their shape.
  const checked = storedEnvironment(context);

  const language = [kernel.language, kernel.language_version]
    .filter(Boolean)
    .join(' ');
  rows.push({
    label: trans.__('Kernel'),
    value: kernel.display_name
      ? `${kernel.display_name} (${language})`
      : language || kernel.name
  });
  if (context.user) {
    rows.push({ label: trans.__('User'), value: context.user });
  }
  if (checked?.git) {
    const { commit, branch, dirty } = checked.git;
    const short = commit.slice(0, 10);
    const at = branch ? trans.__('%1 on %2', short, branch) : short;
    rows.push({
      label: trans.__('Git'),
      value: dirty ? trans.__('%1, with uncommitted changes', at) : at,
      title: commit
    });
  }
  const resources = checked?.resources;
  if (resources) {
    rows.push({
      label: trans.__('CPU time'),
      value: trans.__(
        '%1 s (cells ran %2 s)',
        seconds(resources.cpu_seconds),
        seconds(resources.wall_seconds)
      )
    });
    if (resources.peak_rss_bytes !== null) {
      const peak = formatBytes(resources.peak_rss_bytes);
      rows.push({
        label: trans.__('Peak memory'),
        value:
          resources.peak_rss_scope === 'run'
            ? peak
            : trans.__('%1 (kernel process since it started)', peak)
      });
    }
    for (const gpu of resources.gpu) {
      rows.push({
        label: trans.__('GPU %1 peak memory', gpu.device),
        value: `${formatBytes(gpu.peak_bytes)} (${gpu.name})`
      });
    }
  }
  const seeds = readSeeds(context.seeds);
  if (seeds) {
    const values = Object.entries(seeds.params).map(
      ([name, value]) => `${name} = ${formatJSON(value)}`
    );
    rows.push({
      label: trans.__('Seeds'),
      value: [...values, ...seeds.calls].join('; ')
    });
  }
  const packages = Object.entries(checked?.packages ?? {});
  if (packages.length) {
    rows.push({
      label: trans.__('Packages'),
      value: packages.map(([name, version]) => `${name} ${version}`).join(', ')
    });
  }
  for (const [param, file] of Object.entries(checked?.files ?? {})) {
    const details =
      file.kind === 'directory'
        ? trans.__('folder, modified %1', file.mtime)
        : file.sha256
          ? trans.__(
              '%1, modified %2, SHA-256 %3',
              formatBytes(file.size),
              file.mtime,
              file.sha256.slice(0, 12)
            )
          : trans.__(
              '%1, modified %2, not hashed (too large)',
              formatBytes(file.size),
              file.mtime
            );
    rows.push({
      label: trans.__('File: %1', param),
      value: `${file.path} (${details})`,
      title: file.sha256 ?? undefined
    });
  }
  return rows;
}

function readSeeds(value: unknown): IRunSeeds | null {
  const seeds = value as Partial<IRunSeeds> | null | undefined;
  return seeds &&
    typeof seeds.params === 'object' &&
    seeds.params !== null &&
    !Array.isArray(seeds.params) &&
    Array.isArray(seeds.calls) &&
    seeds.calls.every(call => typeof call === 'string')
    ? (seeds as IRunSeeds)
    : null;
}

function seconds(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return String(+value.toFixed(digits));
}

function formatJSON(value: JSONValue | undefined): string {
  return JSON.stringify(value ?? null);
}
