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
 * Pass `utf8`, the text's UTF-8 encoding, when there is one at hand.
 */
export function findTooDeepNesting(
  text: string,
  maxDepth: number,
  utf8?: Uint8Array
): INestingViolation | null {
  // Brackets, quotes and backslashes are single bytes in UTF-8 and no byte
  // of a longer character looks like one, so the bytes nest as the text
  // does; scanning them is faster. Offsets are the text's, so a find is
  // located again in the text.
  if (utf8 && !tooDeepInUtf8(utf8, maxDepth)) {
    return null;
  }
  const position = firstTooDeep(text, maxDepth);
  return position < 0
    ? null
    : { position, path: pathAt(text, position, maxDepth) };
}

/** Whether `utf8` (JSON text as UTF-8) nests deeper than `maxDepth`. */
function tooDeepInUtf8(utf8: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  const length = utf8.length;
  for (let i = 0; i < length; i++) {
    const byte = utf8[i];
    if (byte === QUOTE) {
      // Skip the string; a backslash skips the byte after it.
      for (i++; i < length && utf8[i] !== QUOTE; i++) {
        if (utf8[i] === BACKSLASH) {
          i++;
        }
      }
      if (i >= length) {
        return false;
      }
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > maxDepth) {
        return true;
      }
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
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
