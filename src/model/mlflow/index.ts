// placeholder until fix/map merges: H2's mapping replaces this whole file.
// The same signatures as fix/map's exports the sync plugin uses, with the
// least behaviour that compiles; building and reading MLflow runs is not
// done here.
import type { IOutputLimits } from '../record/outputs';
import type { IRedactionOptions } from '../redaction/redaction';
import type { IExperimentRef, IRunOrigin, IRunRecord } from '../types';
import type { IMlflowRunPayload } from './protocol';

export * from './protocol';

export function experimentNameFor(
  template: string,
  run: { notebook_path: string; experiment: IExperimentRef }
): string {
  return template
    .split('{notebook_path}')
    .join(run.notebook_path)
    .split('{experiment_id}')
    .join(run.experiment.id);
}

export interface IBuildRunPayloadOptions {
  experimentName: string;
  withArtifacts: boolean;
  mlflowRunId: string | null;
  outputLimits?: IOutputLimits;
  now?: Date;
  redaction?: IRedactionOptions;
  user?: string;
}

export async function buildRunPayload(
  run: IRunRecord,
  options: IBuildRunPayloadOptions
): Promise<IMlflowRunPayload> {
  throw new Error('The MLflow mapping is not built yet (placeholder).');
}

export interface IPullContext {
  host: string;
  experiment: IExperimentRef;
  notebookPath: string;
  importedAt: string;
  trackingUri: string;
  redaction?: IRedactionOptions;
  trans?: { __(msgid: string, ...args: (string | number)[]): string };
}

export function pulledRunToRecord(
  data: unknown,
  context: IPullContext
): { ok: true; record: IRunRecord } | { ok: false; reason: string } {
  return { ok: false, reason: 'The MLflow mapping is not built yet.' };
}

export function isPushable(run: { origin?: IRunOrigin }): boolean {
  return (run.origin?.kind as string | undefined) !== 'mlflow';
}

export function mlflowRunIdOf(tags: { [key: string]: string }): string | null {
  const id = tags['runlog.run_id'];
  return typeof id === 'string' && id ? id : null;
}
