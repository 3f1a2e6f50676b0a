/**
 * Bundle files are JSON, and JSON exchanged between systems is UTF-8
 * (RFC 8259, section 8.1). The reader decodes a file's bytes strictly:
 * bytes that are not well-formed UTF-8 refuse the file, naming the offset,
 * instead of becoming U+FFFD. A lenient decode would let the checksum over
 * the decoded text pass while a verifier over the file's bytes (the one in
 * docs/bundle-format.md) reports a mismatch.
 */

/** Where bytes stop being UTF-8: the offset of the first bad sequence and its bytes. */
export interface IInvalidUtf8 {
  /** Byte offset of the first byte of the ill-formed sequence. */
  offset: number;
  /** Up to four bytes from there, as `ED A0 80`. */
  bytes: string;
}

/**
 * The text of `bytes` (a leading byte order mark dropped), or where they
 * are not well-formed UTF-8: overlong forms, surrogates (ED A0 80), lone
 * continuation bytes, sequences cut short, code points above U+10FFFF, and
 * bytes C0, C1, F5 to FF.
 */
export function decodeUtf8(bytes: Uint8Array): string | IInvalidUtf8 {
  let failure: unknown;
  try {
    // Native and fast; its error does not say where, the scan below does.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    failure = error;
  }
  const offset = invalidUtf8Offset(bytes);
  if (offset < 0) {
    throw failure; // not the bytes (no TextDecoder here?)
  }
  const shown = Array.from(bytes.subarray(offset, offset + 4), byte =>
    byte.toString(16).toUpperCase().padStart(2, '0')
  );
  return { offset, bytes: shown.join(' ') };
}

/**
 * The offset of the first byte that does not begin a well-formed UTF-8
 * sequence (Unicode, Table 3-7), or -1 when all of `bytes` is UTF-8.
 * The offset is where Python's strict decoder says the error starts.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      need = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) {
        low = 0xa0; // shorter forms are overlong
      } else if (lead === 0xed) {
        high = 0x9f; // ED A0..BF would encode a surrogate
      }
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) {
        low = 0x90; // overlong
      } else if (lead === 0xf4) {
        high = 0x8f; // above U+10FFFF
      }
    } else {
      return i; // a continuation byte, C0, C1 or F5..FF
    }
    if (i + need >= length) {
      return i; // cut short by the end of the data
    }
    const second = bytes[i + 1];
    if (second < low || second > high) {
      return i;
    }
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k];
      if (next < 0x80 || next > 0xbf) {
        return i;
      }
    }
    i += need + 1;
  }
  return -1;
}

/**
 * The index of the first lone surrogate in `text` (a UTF-16 unit that UTF-8
 * cannot encode), or -1. Text decoded from UTF-8 never has one.
 */
export function loneSurrogateIndex(text: string): number {
  const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof wellFormed === 'function' && wellFormed.call(text)) {
    return -1;
  }
  const found =
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(
      text
    );
  return found ? found.index : -1;
}
