/**
 * Derived parameters on restore: `retries = 2 if temperature > 0.5 else 1`
 * is kept as written, rather than replaced by the run's value, when running
 * the restored cell must give the run's value anyway.
 *
 * That holds when, in the run's cell and in the restored one alike, the line
 * has the same text, computes its value only from literals, operators and
 * pure builtins, and reads only names that an earlier line sets, in both
 * cells, to the value the run recorded, and nothing in either cell can
 * change those names or shadow those builtins. To be sure of that last part
 * both cells must be plain: assignments to names and imports, no other
 * statements, no calls but pure builtins. Anything this cannot read counts
 * as "not sure": the run's value is written instead.
 */

import { parseParameters, type IParsedAssignment } from '../python/parameters';
import {
  expressionReads,
  isName,
  readsOf,
  scanStatements,
  type IScanToken
} from '../python/pythonScan';
import { isRedactedParam } from '../redaction/redaction';
import {
  isConstantExpression,
  isExact,
  LITERAL_TYPES,
  matchesRun
} from './restoreValues';
import type { IParamRecord } from '../types';

/** Python types whose literal, read back, is exactly the recorded value. */
const SCALAR_TYPES = new Set(['int', 'float', 'bool', 'str', 'NoneType']);

/** The run's parameters cell, read once for every check of a restore. */
export type IRunCell = ICellFacts;

/** The run's parameters cell as the checks read it; null when it is not plain. */
export function readRunCell(runCellSource: string): IRunCell | null {
  return cellFacts(runCellSource);
}

/**
 * Run parameters whose line in the run's cell is an expression of other
 * names with the recorded text: those restore may keep as written.
 */
export function derivationCandidates(
  run: IRunCell,
  params: { [name: string]: IParamRecord }
): Set<string> {
  return new Set(
    Object.keys(params).filter(name => {
      const source = run.assignment(name)?.source;
      return (
        source?.trim() === params[name].source.trim() &&
        !!expressionReads(source)?.names.size
      );
    })
  );
}

/**
 * Which of `candidates` (run parameters whose current text is the run's)
 * can stay as written in `text`, the cell as restore would leave it, given
 * the run's own parameters cell `runCellSource`.
 */
export function followingFromRestored(
  text: string,
  run: IRunCell,
  params: { [name: string]: IParamRecord },
  candidates: ReadonlySet<string>
): Set<string> {
  const cell = cellFacts(text);
  const kept = new Set<string>();
  if (!cell) {
    return kept;
  }
  const memo = new Map<string, boolean>();
  const follows = (name: string): boolean => {
    if (!memo.has(name)) {
      memo.set(name, false);
      memo.set(name, candidates.has(name) && derivable(name));
    }
    return memo.get(name)!;
  };
  const derivable = (name: string): boolean => {
    const param = params[name];
    const own = cell.assignment(name);
    const inRun = run.assignment(name);
    if (!param || !isExact(param) || isRedactedParam(param) || !own || !inRun) {
      return false;
    }
    const source = param.source.trim();
    if (own.source.trim() !== source || inRun.source.trim() !== source) {
      return false;
    }
    const reads = expressionReads(own.source);
    if (!reads || !reads.names.size) {
      return false;
    }
    for (const builtin of reads.builtins) {
      if (cell.bound.has(builtin) || run.bound.has(builtin)) {
        return false;
      }
    }
    for (const input of reads.names) {
      const inputParam = params[input];
      if (
        !inputParam ||
        !isExact(inputParam) ||
        isRedactedParam(inputParam) ||
        !cell.setBefore(input, name) ||
        !run.setBefore(input, name)
      ) {
        return false;
      }
      if (!follows(input) && !restoredExactly(input, inputParam)) {
        return false;
      }
    }
    return true;
  };
  /** The input's line gives, as an object, exactly the run's value. */
  const restoredExactly = (name: string, param: IParamRecord): boolean => {
    const own = cell.assignment(name)!;
    const parsed = cell.parsed.params[name];
    const sameAsRun = run.assignment(name)?.source.trim() === own.source.trim();
    if (sameAsRun && isConstantExpression(own.source)) {
      // `16 * 2` as in the run: the same value, whatever its type.
      return true;
    }
    if (
      !parsed?.exact ||
      parsed.source !== own.source ||
      !matchesRun(parsed, param) ||
      parsed.type !== param.type
    ) {
      return false;
    }
    // Containers come back from JSON without their inner types (a tuple in
    // a list reads back as a list): only the run's own text is sure.
    return (
      SCALAR_TYPES.has(param.type) ||
      (LITERAL_TYPES.has(param.type) && sameAsRun)
    );
  };
  for (const name of candidates) {
    if (follows(name)) {
      kept.add(name);
    }
  }
  return kept;
}

/** How a name was last bound at top level. */
interface IBinding {
  statement: number;
  /** `plain`: `name = …` (chained or annotated); others cannot be derived. */
  kind: 'plain' | 'unpacked' | 'import';
}

interface ICellFacts {
  parsed: ReturnType<typeof parseParameters>;
  /** Every name bound anywhere at top level. */
  bound: Set<string>;
  /** The last plain assignment of `name`, when that is its last binding. */
  assignment(name: string): IParsedAssignment | undefined;
  /** `input` is last bound by a plain assignment in a statement before `name`'s. */
  setBefore(input: string, name: string): boolean;
}

/**
 * The bindings of a cell made only of assignments to names and imports, or
 * null when it has anything else (a call, `x += 1`, `x[0] = 1`, a block, a
 * magic) that could change a name's value behind the assignments' back.
 */
function cellFacts(text: string): ICellFacts | null {
  const statements = scanStatements(text);
  const bindings = new Map<string, IBinding>();
  const called = new Set<string>();
  for (const [index, statement] of statements.entries()) {
    const bound = statementBindings(statement.tokens, called);
    if (statement.indented || !bound) {
      return null;
    }
    for (const [name, kind] of bound) {
      bindings.set(name, { statement: index, kind });
    }
  }
  if ([...called].some(name => bindings.has(name))) {
    return null;
  }
  const parsed = parseParameters(text);
  const last = new Map<string, IParsedAssignment>();
  for (const assignment of parsed.assignments) {
    last.set(assignment.name, assignment);
  }
  const assignment = (name: string) => {
    const binding = bindings.get(name);
    const found = last.get(name);
    const statement = binding && statements[binding.statement];
    return binding?.kind === 'plain' &&
      found &&
      statement!.from <= found.from &&
      found.to <= statement!.to
      ? found
      : undefined;
  };
  return {
    parsed,
    bound: new Set(bindings.keys()),
    assignment,
    setBefore: (input, name) =>
      !!assignment(input) &&
      !!assignment(name) &&
      bindings.get(input)!.statement < bindings.get(name)!.statement
  };
}

/**
 * The names a statement binds with how, or null when it is not an import
 * (without `*`) or an assignment to names whose right side calls only pure
 * builtins (collected in `called`).
 */
function statementBindings(
  tokens: IScanToken[],
  called: Set<string>
): Map<string, IBinding['kind']> | null {
  const bound = new Map<string, IBinding['kind']>();
  const first = tokens[0];
  if (
    first.kind === 'name' &&
    (first.text === 'import' || first.text === 'from')
  ) {
    if (tokens.some(token => token.kind === 'error' || token.text === '*')) {
      return null;
    }
    // Every word of the statement, keywords and module names too: more than
    // it binds, which only makes the checks stricter.
    tokens
      .filter(token => token.kind === 'name')
      .forEach(token => bound.set(token.text, 'import'));
    return bound;
  }
  const segments = splitTopLevel(tokens, '=');
  if (segments.length < 2) {
    return null;
  }
  const rhs = readsOf(segments[segments.length - 1], false);
  if (!rhs) {
    return null;
  }
  rhs.builtins.forEach(name => called.add(name));
  for (const target of segments.slice(0, -1)) {
    if (target.length > 2 && target[1].text === ':' && segments.length === 2) {
      const annotation = readsOf(target.slice(2), false);
      if (!isName(target[0]) || !annotation) {
        return null;
      }
      annotation.builtins.forEach(name => called.add(name));
      bound.set(target[0].text, 'plain');
      continue;
    }
    const names = targetNames(target);
    if (!names) {
      return null;
    }
    const unpacked = names.length > 1 || target.length > 1;
    names.forEach(name => bound.set(name, unpacked ? 'unpacked' : 'plain'));
  }
  return bound;
}

/** `a`, `a, b`, `(a, *b)`, `[a]`: the names, or null for other targets. */
function targetNames(target: IScanToken[]): string[] | null {
  let inner = target;
  const open = target[0]?.text;
  const close = target[target.length - 1]?.text;
  if ((open === '(' && close === ')') || (open === '[' && close === ']')) {
    inner = target.slice(1, -1);
  }
  const names: string[] = [];
  let expectName = true;
  for (let i = 0; i < inner.length; i++) {
    const token = inner[i];
    if (expectName) {
      const starred = token.text === '*' ? inner[++i] : token;
      if (!starred || !isName(starred)) {
        return null;
      }
      names.push(starred.text);
    } else if (token.text !== ',') {
      return null;
    }
    expectName = !expectName;
  }
  return names.length ? names : null;
}
/** Split at `separator` outside brackets. */
function splitTopLevel(
  tokens: IScanToken[],
  separator: string
): IScanToken[][] {
  const parts: IScanToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'op' && '([{'.includes(token.text)) {
      depth++;
    } else if (token.kind === 'op' && ')]}'.includes(token.text)) {
      depth--;
    }
    if (depth === 0 && token.kind === 'op' && token.text === separator) {
      parts.push([]);
    } else {
      parts[parts.length - 1].push(token);
    }
  }
  return parts;
}
