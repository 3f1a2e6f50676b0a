/**
 * Redaction placeholders met by restore. A run's parameters cell was stored
 * with `name = REDACTED_BY_RUNLOG` for its secrets (redaction.ts); restore
 * never writes such a line into a notebook: in a cell it rewrites, the
 * current line stays, and a cell it inserts leaves the line out.
 */

import { parseParameters } from '../python/parameters';
import { REDACTED_SOURCE } from '../redaction/redaction';

const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * `source` without the lines that are a lone placeholder assignment of one of
 * `names` (`api_key = REDACTED_BY_RUNLOG  # prod`, annotated or not). Lines
 * where the placeholder shares a statement or a line with other code stay:
 * running them fails at the placeholder (a NameError), as it was meant to.
 */
export function withoutPlaceholderLines(
  source: string,
  names: readonly string[]
): string {
  const wanted = new Set(names.filter(name => NAME.test(name)));
  if (!wanted.size || !source.includes(REDACTED_SOURCE)) {
    return source;
  }
  const lines = source.split('\n');
  const drop = new Set<number>();
  for (const assignment of parseParameters(source).assignments) {
    const { name, startLine, endLine } = assignment;
    if (
      wanted.has(name) &&
      startLine === endLine &&
      assignment.source.trim() === REDACTED_SOURCE &&
      lonePlaceholder(name).test(lines[startLine].replace(/\r$/, ''))
    ) {
      drop.add(startLine);
    }
  }
  return drop.size
    ? lines.filter((_, index) => !drop.has(index)).join('\n')
    : source;
}

function lonePlaceholder(name: string): RegExp {
  return new RegExp(
    `^${name}[ \\t]*(?::[^=]*)?=[ \\t]*${REDACTED_SOURCE}[ \\t]*(?:#.*)?$`,
    'u'
  );
}
