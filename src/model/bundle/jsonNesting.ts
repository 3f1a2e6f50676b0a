/**
 * Nesting depth of JSON text, measured before it is parsed.
 *
 * JSON.parse of `[[[[…` a hundred thousand levels deep may exhaust the stack
 * in some engines, and any recursive walk of the result would; millions of
 * nested arrays also cost far more memory than their bytes. Scanning the text
 * first keeps such input away from the parser. The scan is a plain loop (no
 * recursion) and skips strings with indexOf, so it costs little next to the
 * parse itself.
 */

export interface INestingViolation {
  /** Offset of the bracket that went one level too deep. */
  position: number;
  /** JSON Pointer segments of the container that bracket opens (the one too deep). */
  path: (string | number)[];
}

interface IFrame {
  isArray: boolean;
  /** Index of the current element, for arrays. */
  index: number;
  /** Start and end (exclusive) of the current key's string token, for objects. */
  keyStart: number;
  keyEnd: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * The first place where `text` nests arrays and objects deeper than
 * `maxDepth` (the outermost container is level 1), or null. Text that is not
 * JSON gives some answer without failing; the parser reports it afterwards.
 */
export function findTooDeepNesting(
  text: string,
  maxDepth: number
): INestingViolation | null {
  const position = firstTooDeep(text, maxDepth);
  return position < 0
    ? null
    : { position, path: pathAt(text, position, maxDepth) };
}

/** Where depth first exceeds `maxDepth`, or -1. Counts brackets only: the common, fast case. */
function firstTooDeep(text: string, maxDepth: number): number {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) {
        return -1;
      }
      i = end - 1;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > maxDepth) {
        return i;
      }
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return -1;
}

/** The path of the container opened at `position`, by a second, slower scan. */
function pathAt(
  text: string,
  position: number,
  maxDepth: number
): (string | number)[] {
  const stack: IFrame[] = [];
  let expectKey = false;
  for (let i = 0; i < position; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top && !top.isArray) {
        top.keyStart = i;
        top.keyEnd = end;
        expectKey = false;
      }
      i = end - 1;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      stack.push({
        isArray: code === OPEN_ARRAY,
        index: 0,
        keyStart: -1,
        keyEnd: -1
      });
      expectKey = code === OPEN_OBJECT;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      stack.pop();
      expectKey = false;
    } else if (code === COMMA) {
      const top = stack[stack.length - 1];
      if (top) {
        top.index++;
        expectKey = !top.isArray;
      }
    }
  }
  return pathOf(text, stack.slice(0, maxDepth));
}

/** The offset just past the string token starting at `start`, or -1 if it never ends. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) {
      return -1;
    }
    let backslashes = 0;
    for (let k = quote - 1; text.charCodeAt(k) === BACKSLASH; k--) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return quote + 1;
    }
    from = quote + 1;
  }
}

function pathOf(text: string, stack: IFrame[]): (string | number)[] {
  return stack.map(frame => {
    if (frame.isArray) {
      return frame.index;
    }
    const token = text.slice(frame.keyStart, frame.keyEnd);
    try {
      return JSON.parse(token) as string;
    } catch {
      return token;
    }
  });
}
