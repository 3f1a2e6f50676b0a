/**
 * Issues found in a bundle, gathered with the place they were found at.
 */
import {
  BundleIssueCode,
  IBundleIssue,
  IBundleTranslator,
  jsonPointer,
  MAX_ISSUES,
  shorten
} from './bundleFormat';

/** Gathers issues while a walk keeps track of where it is. */
export class IssueCollector {
  readonly issues: IBundleIssue[] = [];
  /** Segments of the current location. */
  readonly path: (string | number)[] = [];
  /** The id of the run being checked, named in messages. */
  runId: string | undefined;

  constructor(readonly trans: IBundleTranslator) {}

  get full(): boolean {
    return this.issues.length >= MAX_ISSUES;
  }

  /** The current location (or one member further), for messages. */
  where(extra?: string | number): string {
    const pointer = jsonPointer(
      extra === undefined ? this.path : [...this.path, extra]
    );
    const place = pointer || this.trans.__('the bundle');
    return this.runId === undefined
      ? place
      : this.trans.__('%1 (run "%2")', place, shorten(this.runId, 60));
  }

  /** Record an issue at the current location (or one member further). */
  add(
    code: BundleIssueCode,
    message: string,
    extra?: string | number,
    position?: number
  ): void {
    if (this.full) {
      return;
    }
    const issue: IBundleIssue = {
      code,
      path: jsonPointer(
        extra === undefined ? this.path : [...this.path, extra]
      ),
      message
    };
    if (this.runId !== undefined) {
      issue.runId = this.runId;
    }
    if (position !== undefined) {
      issue.position = position;
    }
    this.issues.push(issue);
  }
}

/** A second run with an id already given: the reader would refuse the file. */
export function reportDuplicate(
  id: string,
  first: number,
  index: number,
  c: IssueCollector
): void {
  c.path.length = 0;
  c.path.push('runs', index);
  c.runId = id;
  c.add(
    'duplicate-id',
    c.trans.__(
      'Run id "%1" appears twice, at /runs/%2/id and /runs/%3/id.',
      shorten(id, 60),
      first,
      index
    ),
    'id'
  );
  c.path.length = 0;
  c.runId = undefined;
}
