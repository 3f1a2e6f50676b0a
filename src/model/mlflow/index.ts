// placeholder until fix/map merges: H2's mapping replaces this whole file.
// Only the signatures the sync service uses, with the least behaviour that
// lets it compile; building and reading MLflow runs is not done here.
import type { IExperimentRef, IRunRecord } from '../types';
import type { IMlflowRunPayload } from './protocol';

export * from './protocol';

export function experimentNameFor(
  template: string,
  run: { notebook_path: string; experiment: IExperimentRef }
): string {
  const name = run.notebook_path.split('/').pop() ?? run.notebook_path;
  return template
    .split('{notebook_path}')
    .join(run.notebook_path)
    .split('{notebook_name}')
    .join(name)
    .split('{experiment_id}')
    .join(run.experiment.id);
}

export function buildRunPayload(
  run: IRunRecord,
  options: {
    experimentName: string;
    withArtifacts: boolean;
    mlflowRunId: string | null;
    now?: Date;
  }
): IMlflowRunPayload {
  throw new Error('The MLflow mapping is not built yet (placeholder).');
}

export function pulledRunToRecord(
  data: unknown,
  context: {
    host: string;
    experiment: IExperimentRef;
    notebookPath: string;
    importedAt: string;
    trackingUri: string;
  }
): { ok: true; record: IRunRecord } | { ok: false; reason: string } {
  return { ok: false, reason: 'The MLflow mapping is not built yet.' };
}

export function isPushable(run: Omit<IRunRecord, 'cells'>): boolean {
  return (run.origin?.kind as string | undefined) !== 'mlflow';
}

export function mlflowRunIdOf(tags: { [key: string]: string }): string | null {
  const id = tags['runlog.run_id'];
  return typeof id === 'string' && id ? id : null;
}
