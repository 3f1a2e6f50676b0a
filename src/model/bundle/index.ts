/**
 * Run bundles: the public file format for sharing runs
 * (docs/bundle-format.md, docs/schema/bundle.schema.json).
 */
export {
  BUNDLE_APP,
  BUNDLE_FORMAT,
  BundleAbortError,
  DEFAULT_BUNDLE_LIMITS,
  isAbortError,
  MAX_ISSUES
} from './bundleFormat';
export type {
  BundleIssueCode,
  BundleReadResult,
  IBundleExporter,
  IBundleHeader,
  IBundleIssue,
  IBundleLimits,
  IBundleReadFailure,
  IBundleReadSuccess,
  IBundleTranslator
} from './bundleFormat';
export { bundleOrigin } from './bundleImport';
export { readBundle } from './bundleReader';
export type { IReadBundleOptions } from './bundleReader';
export { BundleWriteError, compareRunOrder, writeBundle } from './bundleWriter';
export type { IWriteBundleOptions } from './bundleWriter';
export { canonicalJson } from './canonicalJson';
export {
  migrateRecord,
  RECORD_FORMAT_VERSION,
  RECORD_MIGRATIONS
} from './recordMigrations';
export type { RecordMigration, UntypedRecord } from './recordMigrations';
export { Sha256, sha256Hex, utf8Length } from './sha256';
