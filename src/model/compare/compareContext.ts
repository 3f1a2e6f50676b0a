/**
 * The context rows of the comparison table: what the selected runs ran with
 * and used (git commit, CPU time, memory, package versions, file digests),
 * so a changed dependency or data file shows beside the metrics it moved.
 */
import { storedEnvironment } from '../record/runContext';
import { formatNumber, MISSING } from '../record/runFormat';
import type { RunRow } from '../runTable';
import type { JSONValue } from '../types';

/**
 * Row names: `git`, `cpu_seconds`, `peak_memory_mb`, `gpu:DEVICE`,
 * `package:NAME` and `file:PARAMETER`; the view turns them into labels.
 */
export type ContextRowName = string;

/** One run's value in a context row, as compare.ts takes it. */
export interface IContextValue {
  raw: JSONValue | undefined;
  text: string;
  /** Equal keys mean equal values. */
  key: string;
  number: number | null;
}

const MISSING_VALUE: IContextValue = {
  raw: undefined,
  text: MISSING,
  key: 'missing',
  number: null
};

function numeric(value: number): IContextValue {
  return {
    raw: value,
    text: formatNumber(value),
    key: `value:${value}`,
    number: value
  };
}

function textual(text: string, key = text): IContextValue {
  return { raw: text, text, key: `text:${key}`, number: null };
}

/**
 * The context rows for `runs`, in a fixed order, each with one value per run;
 * a row appears when at least one run has its value.
 */
export function contextRows(
  runs: readonly RunRow[]
): { name: ContextRowName; values: IContextValue[] }[] {
  const environments = runs.map(run => storedEnvironment(run.context));
  const rows = new Map<ContextRowName, IContextValue[]>();
  const put = (name: string, index: number, value: IContextValue) => {
    let values = rows.get(name);
    if (!values) {
      values = runs.map(() => MISSING_VALUE);
      rows.set(name, values);
    }
    values[index] = value;
  };
  environments.forEach((environment, index) => {
    if (!environment) {
      return;
    }
    const { git, resources } = environment;
    if (git) {
      const short = git.commit.slice(0, 10);
      put(
        'git',
        index,
        textual(git.dirty ? `${short}*` : short, `${git.commit}:${git.dirty}`)
      );
    }
    if (resources) {
      put('cpu_seconds', index, numeric(resources.cpu_seconds));
      if (resources.peak_rss_bytes !== null) {
        put('peak_memory_mb', index, numeric(resources.peak_rss_bytes / 1e6));
      }
      for (const gpu of resources.gpu) {
        put(`gpu:${gpu.device}`, index, numeric(gpu.peak_bytes / 1e6));
      }
    }
  });
  // Packages and files by name, so the same one lines up across runs.
  const packageNames = new Set<string>();
  const fileParams = new Set<string>();
  for (const environment of environments) {
    Object.keys(environment?.packages ?? {}).forEach(name =>
      packageNames.add(name)
    );
    Object.keys(environment?.files ?? {}).forEach(name => fileParams.add(name));
  }
  for (const name of [...packageNames].sort()) {
    environments.forEach((environment, index) => {
      const version = environment?.packages[name];
      if (version !== undefined) {
        put(`package:${name}`, index, textual(version));
      }
    });
  }
  for (const param of [...fileParams].sort()) {
    environments.forEach((environment, index) => {
      const file = environment?.files[param];
      if (file) {
        const identity = file.sha256
          ? file.sha256.slice(0, 12)
          : `${file.size} B, ${file.mtime}`;
        put(
          `file:${param}`,
          index,
          textual(identity, file.sha256 ?? `${file.size}:${file.mtime}`)
        );
      }
    });
  }
  return [...rows].map(([name, values]) => ({ name, values }));
}
