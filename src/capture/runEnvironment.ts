/**
 * Completing a run's context once it closed: seed parameters and seeding
 * calls from its code, and, from a Python kernel, what its cells used
 * (CPU time, memory), the versions of the packages the notebook imports,
 * the git state of the kernel's folder and fingerprints of the files its
 * parameters name (jupyterlab_runlog/_run_probe.py).
 */
import {
  fileParameters,
  importedModules,
  IRunEnvironment,
  parseRunEnvironment,
  seedsOf,
  withEnvironment
} from '../model/record/runContext';
import type { IRunContext, IRunRecord } from '../model/types';
import { probeRunContextExpression } from './kernelProbe';

/** Evaluates a `user_expressions` entry silently; its text/plain, or null. */
export type KernelExpression = (expression: string) => Promise<string | null>;

/**
 * Imports sit at the top of cells; scanning a cell's first characters only
 * keeps a notebook with huge cells (embedded data) from stalling the page.
 */
const SCANNED_CHARS_PER_CELL = 100_000;

const NO_ENVIRONMENT: IRunEnvironment = {
  resources: null,
  packages: {},
  git: null,
  files: {}
};

/**
 * How to complete `run`'s context, or null when there is nothing to add.
 * `ask` is null when the kernel is not to be asked (not Python, setting
 * off, kernel gone); an unanswered or malformed reply adds only the seeds.
 */
export async function completeRunContext(
  run: IRunRecord,
  notebookSources: readonly string[],
  ask: KernelExpression | null
): Promise<((context: IRunContext) => IRunContext) | null> {
  const seeds = seedsOf(
    run.params,
    run.cells.map(cell => cell.source)
  );
  let environment: IRunEnvironment | null = null;
  if (ask) {
    const text = await ask(
      probeRunContextExpression({
        execution_counts: run.cells.flatMap(cell =>
          typeof cell.execution_count === 'number' ? [cell.execution_count] : []
        ),
        modules: importedModules(
          notebookSources.map(source => source.slice(0, SCANNED_CHARS_PER_CELL))
        ),
        paths: fileParameters(run.params)
      })
    );
    environment = text === null ? null : parseRunEnvironment(text);
  }
  if (!seeds && !environment) {
    return null;
  }
  return context =>
    withEnvironment(context, environment ?? NO_ENVIRONMENT, seeds);
}
