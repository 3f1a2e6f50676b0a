/**
 * Run record format versions and the upgrades between them.
 *
 * A bundle's `version` is the record format version its runs were written
 * in. Reading a bundle applies, in order, every upgrade from its version to
 * the current one; the run store applies the same list when the record shape
 * it keeps changes (docs/bundle-format.md, "Versions and migrations"), so a
 * record reads the same whether it comes from an old bundle or an old
 * database.
 */

/** A record as JSON, before it is known to have any particular shape. */
export type UntypedRecord = { [key: string]: unknown };

/**
 * Turns a record of version n into version n + 1. It receives input that has
 * passed the JSON limits but not yet the shape checks (those run on the
 * result, against the current shape), so it must test a field's type before
 * relying on it. It may change and return its argument.
 */
export type RecordMigration = (record: UntypedRecord) => UntypedRecord;

/**
 * RECORD_MIGRATIONS[i] turns version i + 1 into version i + 2. Append only;
 * never edit a migration that has shipped.
 */
export const RECORD_MIGRATIONS: readonly RecordMigration[] = [];

/** The record (and bundle) format version a list of migrations leads to. */
export function formatVersionOf(
  migrations: readonly RecordMigration[]
): number {
  return migrations.length + 1;
}

/** The record format version this code writes: bundles get it as `version`. */
export const RECORD_FORMAT_VERSION = formatVersionOf(RECORD_MIGRATIONS);

/**
 * Upgrade `record`, written in format `fromVersion`, to the newest version
 * `migrations` know. Throws a RangeError for a version outside 1 … newest.
 */
export function migrateRecord(
  record: UntypedRecord,
  fromVersion: number,
  migrations: readonly RecordMigration[] = RECORD_MIGRATIONS
): UntypedRecord {
  const target = formatVersionOf(migrations);
  if (!Number.isInteger(fromVersion) || fromVersion < 1) {
    throw new RangeError(`Record format version ${fromVersion} is not valid.`);
  }
  if (fromVersion > target) {
    throw new RangeError(
      `Record format version ${fromVersion} is newer than ${target}.`
    );
  }
  let current = record;
  for (let version = fromVersion; version < target; version++) {
    current = migrations[version - 1](current);
  }
  return current;
}
