/**
 * Small pure helpers for the import wiring (the store does the writing).
 */
import type { IRunOrigin } from '../types';
import type { IBundleHeader } from './bundleFormat';

/**
 * The origin an imported run is stored with. It replaces any origin the run
 * carried in the bundle: a run records the last hop it came by.
 */
export function bundleOrigin(
  bundle: IBundleHeader,
  file: string,
  importedAt: string
): IRunOrigin {
  const origin: IRunOrigin = {
    kind: 'bundle',
    file,
    imported_at: importedAt,
    exported_at: bundle.exported_at
  };
  if (bundle.exported_by?.user) {
    origin.exported_by = bundle.exported_by.user;
  }
  return origin;
}
