/**
 * What the sync service needs from the MLflow mapping (src/model/mlflow):
 * passed in, so tests can use small fakes and the service does not depend
 * on how runs become MLflow entities.
 */
import type { IMlflowRunPayload } from '../model/mlflow/protocol';
import type { IExperimentRef, IRunRecord } from '../model/types';
import type { IRunSummary } from '../tokens';

export interface IRunMapper {
  /** The MLflow experiment name of a runlog experiment, from the name template. */
  experimentNameFor(
    template: string,
    run: { notebook_path: string; experiment: IExperimentRef }
  ): string;
  buildRunPayload(
    run: IRunRecord,
    options: {
      experimentName: string;
      withArtifacts: boolean;
      mlflowRunId: string | null;
      now?: Date;
    }
  ): IMlflowRunPayload | Promise<IMlflowRunPayload>;
  /** One pulled (untrusted) MLflow run as an imported run, or why not. */
  pulledRunToRecord(
    data: unknown,
    context: {
      host: string;
      experiment: IExperimentRef;
      notebookPath: string;
      importedAt: string;
      trackingUri: string;
    }
  ): { ok: true; record: IRunRecord } | { ok: false; reason: string };
  /** False for runs that must not go to MLflow (those pulled from it). */
  isPushable(run: IRunSummary): boolean;
  /** Our run id from an MLflow run's tags (`runlog.run_id`), or null. */
  mlflowRunIdOf(tags: { [key: string]: string }): string | null;
}
