/**
 * Restore plans: how a parameters cell's text changes so that running it
 * gives a past run's parameter values, and which tracked cells get the run's
 * code back. Pure text work; applying a plan to a notebook is src/restore/.
 *
 * The guarantee: after the plan's text runs, every parameter the run recorded
 * as a JSON value holds exactly that value. Literals are written for those;
 * an existing expression is kept only when it must give the same value (the
 * same text as in the run and free of names, like `16 * 2`, or computed only
 * from restored values, see restoreDerived.ts) or when a literal could not
 * give its type (`np.array(...)` written as in the run). Values that were not
 * JSON come back as the run's written expression, unverified.
 */

import { parseParameters, type IParsedAssignment } from '../python/parameters';
import {
  augmentedLater,
  isConstantExpression,
  isExact,
  LITERAL_TYPES,
  literalOf,
  literalType,
  matchesRun
} from './restoreValues';
import { isRedactedParam } from '../redaction/redaction';
import {
  derivationCandidates,
  followingFromRestored,
  readRunCell
} from './restoreDerived';
import { withoutPlaceholderLines } from './restoreRedacted';
import {
  buildText,
  rangeGroups,
  type ITextEdit,
  type IWanted
} from './restoreEdits';
import type { IParamRecord } from '../types';

export {
  planCodeRestore,
  type ICodeChange,
  type ICodeRestorePlan
} from './restoreCode';
export {
  isConstantExpression,
  literalType,
  sameJSONValue
} from './restoreValues';
export { applyEdits, type ITextEdit } from './restoreEdits';

export interface IParameterChange {
  name: string;
  /** `changed`: rewritten in place; `appended`: a new line at the cell's end. */
  kind: 'changed' | 'appended';
  /** The right-hand side before, or null when the cell did not assign it. */
  before: string | null;
  /** The right-hand side written. */
  after: string;
  /** False when the run's value was not JSON and `after` is its expression. */
  verified: boolean;
  /** The run's type when a literal cannot have it (e.g. `ndarray` written as a list). */
  typeNote?: string;
}

export interface IParametersRestorePlan {
  /** The cell's text after the restore. */
  source: string;
  /** Edits of the old text, in order and not overlapping, that give `source`. */
  edits: ITextEdit[];
  changes: IParameterChange[];
  /** Run parameters the cell already sets to the run's value. */
  unchanged: string[];
  /**
   * Run parameters kept as written although their value changes: the same
   * text as in the run, computed only from values the restore sets.
   */
  derived: string[];
  /** Names the cell assigns that the run did not record: left alone. */
  notInRun: string[];
  /** Not JSON values, and no expression of them is known: not written. */
  skipped: string[];
  /** JSON values that the resulting text could not be shown to give (e.g. after an unclosed bracket). */
  unverified: string[];
  /**
   * Redacted in the run (the value looked like a secret): the cell's current
   * assignment, if any, is left exactly as it is and none is added.
   */
  redacted: string[];
}

export interface IParametersRestoreOptions {
  /**
   * The run's own parameters cell text, when recorded. It tells a written
   * expression from a kernel repr for values that were not JSON.
   */
  runCellSource?: string;
}

/** Plan the rewrite of a parameters cell (`cellSource`) to a run's parameters. */
export function planParameterRestore(
  cellSource: string,
  params: { [name: string]: IParamRecord },
  options: IParametersRestoreOptions = {}
): IParametersRestorePlan {
  const runCell =
    options.runCellSource === undefined
      ? null
      : readRunCell(options.runCellSource);
  let keep = runCell
    ? derivationCandidates(runCell, params)
    : new Set<string>();
  // Derived lines are checked on the text the plan gives; one that fails
  // gets the run's value, which may fail another that reads it: repeat.
  for (;;) {
    const plan = planKeeping(cellSource, params, options, keep);
    if (!plan.derived.length) {
      return plan;
    }
    const follow = followingFromRestored(
      plan.source,
      runCell!,
      params,
      new Set(plan.derived)
    );
    if (plan.derived.every(name => follow.has(name))) {
      return plan;
    }
    keep = new Set(plan.derived.filter(name => follow.has(name)));
  }
}

/** The plan when the names in `keep` may stay as written (derived values). */
function planKeeping(
  cellSource: string,
  params: { [name: string]: IParamRecord },
  options: IParametersRestoreOptions,
  keep: ReadonlySet<string>
): IParametersRestorePlan {
  const parsed = parseParameters(cellSource);
  const last = new Map<string, IParsedAssignment>();
  for (const assignment of parsed.assignments) {
    last.set(assignment.name, assignment);
  }
  const written = writtenExpressions(params, options.runCellSource);
  const rebound = augmentedLater(cellSource, last);
  const names = Object.keys(params);
  const unchanged: string[] = [];
  const derived: string[] = [];
  const skipped: string[] = [];
  const redacted: string[] = [];
  const inPlace: IWanted[] = [];
  const appended: IWanted[] = [];
  for (const name of names) {
    const param = params[name];
    if (isRedactedParam(param)) {
      // The run kept no value: the notebook's own is the best there is.
      redacted.push(name);
      continue;
    }
    const current = last.get(name);
    const exact = isExact(param);
    // `x = 1` then `x *= 2`: only a line after both sets the value for sure.
    const inPlaceOk = !!current && !(exact && rebound.has(name));
    if (inPlaceOk && keepsCurrent(current, parsed.params[name], param)) {
      unchanged.push(name);
    } else if (
      inPlaceOk &&
      keep.has(name) &&
      current.source.trim() === param.source.trim()
    ) {
      derived.push(name);
    } else if (!exact && !written.has(name)) {
      skipped.push(name);
    } else {
      const text = exact
        ? literalOf(param, inPlaceOk ? current.source : undefined)
        : param.source.trim();
      (inPlaceOk ? inPlace : appended).push({ name, param, text, exact });
    }
  }
  const groups = rangeGroups(inPlace, last, appended);
  // A rewrite can change a name it did not aim at, or break an unpacking, and
  // an appended line can be swallowed by an unclosed bracket: read the result
  // back, and give each name still wrong a line of its own.
  let build = buildText(cellSource, groups, appended);
  let failing = wrongValues(build.text, params, [...unchanged, ...derived]);
  for (let pass = 0; pass < 3 && failing.length; pass++) {
    let moved = false;
    for (const name of failing) {
      if (appended.some(wanted => wanted.name === name)) {
        continue;
      }
      const group = groups.find(g => g.wanted.some(w => w.name === name));
      if (group) {
        groups.splice(groups.indexOf(group), 1);
        appended.push(...group.wanted);
      } else {
        const kept = unchanged.includes(name) ? unchanged : derived;
        kept.splice(kept.indexOf(name), 1);
        const param = params[name];
        appended.push({ name, param, text: literalOf(param), exact: true });
      }
      moved = true;
    }
    if (!moved) {
      break;
    }
    build = buildText(cellSource, groups, appended);
    failing = wrongValues(build.text, params, [...unchanged, ...derived]);
  }
  const change = (wanted: IWanted, kind: IParameterChange['kind']) => {
    const entry: IParameterChange = {
      name: wanted.name,
      kind,
      before: last.get(wanted.name)?.source ?? null,
      after: wanted.text,
      verified: wanted.exact
    };
    if (wanted.exact && !LITERAL_TYPES.has(literalType(wanted.param.type))) {
      entry.typeNote = wanted.param.type;
    }
    return entry;
  };
  const changes = [
    ...groups.flatMap(group => group.wanted.map(w => change(w, 'changed'))),
    ...appended.map(wanted => change(wanted, 'appended'))
  ];
  changes.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return {
    source: build.text,
    edits: build.edits,
    changes,
    unchanged,
    derived,
    notInRun: [...last.keys()].filter(name => !names.includes(name)),
    skipped,
    unverified: failing,
    redacted
  };
}

/**
 * The text of a parameters cell to insert for a run, when the notebook has
 * none: the run's own parameters cell when recorded (made to give the run's
 * values, its redacted lines left out), else one line per parameter. Every
 * written parameter is listed as appended.
 */
export function planNewParametersCell(
  params: { [name: string]: IParamRecord },
  runCellSource?: string
): IParametersRestorePlan {
  const redactedNames = Object.keys(params).filter(name =>
    isRedactedParam(params[name])
  );
  const base =
    runCellSource === undefined
      ? ''
      : withoutPlaceholderLines(runCellSource, redactedNames);
  const plan = planParameterRestore(base, params, { runCellSource });
  const final = parseParameters(plan.source).params;
  const changes: IParameterChange[] = Object.keys(params)
    .filter(
      name =>
        final[name] &&
        !plan.skipped.includes(name) &&
        !plan.redacted.includes(name)
    )
    .map(name => ({
      name,
      kind: 'appended',
      before: null,
      after: final[name].source,
      verified: isExact(params[name])
    }));
  return {
    ...plan,
    edits: [{ from: 0, to: 0, text: plan.source }],
    changes,
    unchanged: [],
    notInRun: []
  };
}

/**
 * Whether the current assignment already gives the run's value: an equal
 * literal, or the run's own text when that cannot differ (no names) or when
 * a literal would lose the type. For a value that was not JSON: the run's text.
 */
function keepsCurrent(
  current: IParsedAssignment,
  parsed: IParamRecord | undefined,
  param: IParamRecord
): boolean {
  const sameText = current.source.trim() === param.source.trim();
  if (!isExact(param)) {
    return sameText;
  }
  if (parsed && parsed.source === current.source && matchesRun(parsed, param)) {
    return true;
  }
  return (
    sameText &&
    (isConstantExpression(current.source) ||
      !LITERAL_TYPES.has(literalType(param.type)) ||
      param.type !== literalType(param.type))
  );
}

/**
 * Names whose recorded source is the text the user wrote (not a kernel repr):
 * read from the source, or found as written in the run's parameters cell.
 */
function writtenExpressions(
  params: { [name: string]: IParamRecord },
  runCellSource: string | undefined
): Set<string> {
  const inRunCell = runCellSource
    ? parseParameters(runCellSource).assignments
    : [];
  return new Set(
    Object.keys(params).filter(name => {
      const source = params[name].source.trim();
      return (
        !!source &&
        (params[name].origin === 'source' ||
          inRunCell.some(a => a.name === name && a.source.trim() === source))
      );
    })
  );
}

/**
 * JSON-valued run parameters that reading `text` does not show to get the
 * run's value: a written literal must parse to it; a kept name (`kept`) may
 * instead still carry the run's own text.
 */
function wrongValues(
  text: string,
  params: { [name: string]: IParamRecord },
  kept: readonly string[]
): string[] {
  const result = parseParameters(text).params;
  return Object.keys(params).filter(name => {
    const param = params[name];
    const now = result[name];
    if (!isExact(param) || isRedactedParam(param)) {
      return false;
    }
    if (!now || matchesRun(now, param)) {
      return !now;
    }
    return !(kept.includes(name) && now.source.trim() === param.source.trim());
  });
}
