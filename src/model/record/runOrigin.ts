/**
 * Where runs came from: captured in this browser, or imported from a bundle
 * or a papermill-executed notebook. The Runs panel filters by it.
 *
 * Pure logic: the origins of a set of runs with their counts, kept up to date
 * one run at a time, and the predicate a filter stands for.
 */
import type { IRunOrigin } from '../types';

/** Anything that may carry an origin (a run record or summary). */
export interface IOriginCarrier {
  origin?: IRunOrigin;
}

/** The filter key that lets every run through. */
export const ALL_ORIGINS = 'all';

/** The origin key of runs captured in this browser (they have no origin). */
export const CAPTURED_HERE = 'here';

export type OriginKind = 'here' | IRunOrigin['kind'];

/** One origin present among runs. */
export interface IOriginEntry {
  /** `here`, or `<kind>:<file>` for an imported file. */
  key: string;
  kind: OriginKind;
  /** The imported file as recorded; null for runs captured here. */
  file: string | null;
  /**
   * The file as shown: its base name, or the recorded path when another
   * imported file has the same base name. Null for runs captured here.
   */
  name: string | null;
  count: number;
}

/**
 * The key of a run's origin. Kinds hold no colon, so the key of an imported
 * file can be told from `here` and `all` whatever the file is called.
 */
export function originKey(run: IOriginCarrier): string {
  const origin = run.origin;
  return origin ? `${origin.kind}:${origin.file}` : CAPTURED_HERE;
}

/**
 * The test a filter key stands for, or null when it lets every run through.
 * It compares fields rather than building keys, as it runs over every run.
 */
export function originPredicate(
  filter: string
): ((run: IOriginCarrier) => boolean) | null {
  if (filter === ALL_ORIGINS) {
    return null;
  }
  if (filter === CAPTURED_HERE) {
    return run => !run.origin;
  }
  const colon = filter.indexOf(':');
  if (colon <= 0) {
    // Not a key any origin has: nothing matches.
    return () => false;
  }
  const kind = filter.slice(0, colon);
  const file = filter.slice(colon + 1);
  return run => run.origin?.kind === kind && run.origin.file === file;
}

/** Whether a run passes the filter with this key. */
export function matchesOrigin(run: IOriginCarrier, filter: string): boolean {
  const predicate = originPredicate(filter);
  return predicate === null || predicate(run);
}

function baseName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return (slash < 0 ? trimmed : trimmed.slice(slash + 1)) || path;
}

const collator = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: 'base'
});

interface ITallied {
  kind: OriginKind;
  file: string | null;
  count: number;
}

/**
 * How many runs come from each origin, kept as runs are added, replaced or
 * removed, so a live update costs O(1) rather than a recount of every run.
 */
export class OriginTally {
  constructor(runs: Iterable<IOriginCarrier> = []) {
    for (const run of runs) {
      this.add(run);
    }
  }

  /** Every run counted. */
  get total(): number {
    return this._total;
  }

  /** Runs counted that were imported. */
  get imported(): number {
    return this._total - this.count(CAPTURED_HERE);
  }

  /** Runs counted with this origin key (`all`: every run). */
  count(key: string): number {
    return key === ALL_ORIGINS
      ? this._total
      : (this._byKey.get(key)?.count ?? 0);
  }

  add(run: IOriginCarrier): void {
    const key = originKey(run);
    const tallied = this._byKey.get(key);
    if (tallied) {
      tallied.count++;
    } else {
      const origin = run.origin;
      this._byKey.set(key, {
        kind: origin ? origin.kind : CAPTURED_HERE,
        file: origin ? origin.file : null,
        count: 1
      });
    }
    this._total++;
  }

  /** Take a run counted before out (its origin as it was then). */
  remove(run: IOriginCarrier): void {
    const key = originKey(run);
    const tallied = this._byKey.get(key);
    if (!tallied) {
      return;
    }
    if (--tallied.count === 0) {
      this._byKey.delete(key);
    }
    this._total--;
  }

  /**
   * The origins with runs: captured here first, then the imported files by
   * name (numbers in names in numeric order).
   */
  entries(): IOriginEntry[] {
    const baseNameCounts = new Map<string, number>();
    for (const tallied of this._byKey.values()) {
      if (tallied.file !== null) {
        const name = baseName(tallied.file);
        baseNameCounts.set(name, (baseNameCounts.get(name) ?? 0) + 1);
      }
    }
    const entries: IOriginEntry[] = [];
    for (const [key, tallied] of this._byKey) {
      let name: string | null = null;
      if (tallied.file !== null) {
        name = baseName(tallied.file);
        if ((baseNameCounts.get(name) ?? 0) > 1) {
          name = tallied.file;
        }
      }
      entries.push({ key, ...tallied, name });
    }
    return entries.sort((a, b) => {
      if (a.name === null || b.name === null) {
        return a.name === null ? (b.name === null ? 0 : -1) : 1;
      }
      return (
        collator.compare(a.name, b.name) ||
        a.kind.localeCompare(b.kind) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
      );
    });
  }

  private _byKey = new Map<string, ITallied>();
  private _total = 0;
}

/** The origins of these runs with their counts (see `OriginTally.entries`). */
export function listOrigins(runs: Iterable<IOriginCarrier>): IOriginEntry[] {
  return new OriginTally(runs).entries();
}
