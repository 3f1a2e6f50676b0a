/**
 * Whether two records describe the same run, for imports: the fields that
 * say where a copy came from or when it was written are not the run.
 */
import { stableJson } from '../compare/importance';
import type { IRunRecord, JSONValue } from '../types';

/** The run without its provenance (`origin`) and write time (`updated_at`). */
function content(run: IRunRecord, withNumber: boolean): JSONValue {
  const { origin, updated_at, number, ...rest } = run;
  return (withNumber ? { ...rest, number } : rest) as unknown as JSONValue;
}

/**
 * Same content, whatever the key order. An incoming run without a number
 * (0: the store numbers it) matches the stored run whatever number it got.
 */
export function sameRunContent(
  incoming: IRunRecord,
  stored: IRunRecord
): boolean {
  const withNumber = incoming.number > 0;
  return (
    stableJson(content(incoming, withNumber)) ===
    stableJson(content(stored, withNumber))
  );
}
