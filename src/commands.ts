/** Public command ids: the palette, shortcuts, other extensions and tests use them. */
export namespace CommandIDs {
  export const openPanel = 'runlog:open-panel';
  export const filterRuns = 'runlog:filter-runs';
  export const toggleParametersCell = 'runlog:toggle-parameters-cell';
  export const toggleTrackedCell = 'runlog:toggle-tracked-cell';
  export const toggleCapture = 'runlog:toggle-capture';
  export const toggleRedaction = 'runlog:toggle-redaction';
  export const restoreParameters = 'runlog:restore-parameters';
  export const compareSelected = 'runlog:compare-selected';
  export const exportBundle = 'runlog:export-bundle';
  export const importBundle = 'runlog:import-bundle';
  export const importExecutedNotebooks = 'runlog:import-executed-notebooks';
  export const toggleSync = 'runlog:toggle-sync';
  export const syncNow = 'runlog:sync-now';
  export const pullFromMlflow = 'runlog:pull-from-mlflow';
  export const openInMlflow = 'runlog:open-in-mlflow';
  export const deleteRuns = 'runlog:delete-runs';
  export const restoreRuns = 'runlog:restore-runs';
  export const purgeRuns = 'runlog:purge-runs';
  export const showTrash = 'runlog:show-trash';
  export const emptyTrash = 'runlog:empty-trash';
}
