/**
 * Two-way sync with MLflow, the pure part: the messages exchanged with the
 * server extension (protocol.ts) and the mapping between runlog runs and
 * MLflow entities (docs/mlflow-sync.md).
 */
export * from './protocol';
export {
  DEFAULT_EXPERIMENT_NAME_TEMPLATE,
  experimentNameFor,
  notebookName
} from './experimentName';
export {
  CUT_MARKER,
  cutToLength,
  MAX_EXPERIMENT_NAME_LENGTH,
  MAX_KEY_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_RUN_NAME_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  mlflowKey,
  mlflowKeys
} from './mlflowLimits';
export {
  buildRunPayload,
  MLFLOW_STATUS,
  paramText,
  TAG,
  type IBuildRunPayloadOptions
} from './runPayload';
export { RUN_JSON_ARTIFACT, runArtifacts } from './runArtifacts';
export {
  isPushable,
  MAX_PULLED_ENTRIES,
  MAX_PULLED_TEXT,
  mlflowRunIdOf,
  pulledRunId,
  pulledRunToRecord,
  type IPullContext,
  type PulledRunResult
} from './pulledRun';
