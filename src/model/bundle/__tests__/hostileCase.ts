/** One bundle of the hostile corpus and what the reader must say about it. */
import type { BundleIssueCode, IBundleLimits } from '../bundleFormat';

export interface IHostileCase {
  name: string;
  text: string;
  /** The reader must report issues at this JSON Pointer (or below it), and nowhere else. */
  path: string;
  /** The issue code expected at `path`, when one specific check must catch it. */
  code?: BundleIssueCode;
  /** True when the bundle.schema.json alone rejects it as well. */
  schema: boolean;
  limits?: Partial<IBundleLimits>;
}

/** A short text for a value in a case name. */
export function label(value: unknown): string {
  return String(JSON.stringify(value)).slice(0, 30);
}
