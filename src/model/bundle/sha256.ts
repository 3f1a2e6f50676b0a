/**
 * SHA-256 (FIPS 180-4) in plain synchronous TypeScript.
 *
 * `crypto.subtle` exists only in secure contexts (https or localhost), and
 * JupyterLab is often served over plain http on a remote address, so bundle
 * checksums cannot rely on it. Strings are hashed as UTF-8 without building
 * an encoded copy: characters go straight into the 64-byte block.
 */

/** Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
]);

/** Initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const INITIAL_STATE = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
  0x1f83d9ab, 0x5be0cd19
];

/** An incremental SHA-256: feed strings (as UTF-8) or bytes, then read the digest once. */
export class Sha256 {
  private readonly state = new Int32Array(INITIAL_STATE);
  private readonly block = new Uint8Array(64);
  private readonly words = new Int32Array(64);
  private blockLength = 0;
  private totalBytes = 0;
  /** A high surrogate that ended the previous string, waiting for its low half. */
  private pendingHigh = 0;
  private finished = false;

  /**
   * Add `text.slice(start, end)` as UTF-8. A surrogate pair split across two
   * calls is encoded as one character; a lone surrogate becomes U+FFFD, as
   * TextEncoder does.
   */
  updateText(text: string, start = 0, end = text.length): this {
    this.assertOpen();
    const block = this.block;
    let used = this.blockLength;
    let hashed = 0;
    for (let i = start; i < end; i++) {
      let code = text.charCodeAt(i);
      if (code < 0x80 && this.pendingHigh === 0) {
        block[used++] = code;
        if (used === 64) {
          this.compress();
          used = 0;
          hashed += 64;
        }
        continue;
      }
      if (this.pendingHigh !== 0) {
        const high = this.pendingHigh;
        this.pendingHigh = 0;
        if (code >= 0xdc00 && code <= 0xdfff) {
          code = 0x10000 + ((high - 0xd800) << 10) + (code - 0xdc00);
        } else {
          // The high surrogate stood alone; this character still counts.
          this.blockLength = used;
          this.totalBytes += hashed;
          hashed = 0;
          this.pushCodePoint(0xfffd);
          used = this.blockLength;
          i--;
          continue;
        }
      } else if (code >= 0xd800 && code <= 0xdbff) {
        this.pendingHigh = code;
        continue;
      } else if (code >= 0xdc00 && code <= 0xdfff) {
        code = 0xfffd;
      }
      this.blockLength = used;
      this.totalBytes += hashed;
      hashed = 0;
      this.pushCodePoint(code);
      used = this.blockLength;
    }
    this.blockLength = used;
    this.totalBytes += hashed;
    return this;
  }

  /** Add raw bytes. */
  updateBytes(bytes: Uint8Array): this {
    this.assertOpen();
    this.flushPendingHigh();
    const block = this.block;
    let used = this.blockLength;
    for (let i = 0; i < bytes.length; i++) {
      block[used++] = bytes[i];
      if (used === 64) {
        this.compress();
        used = 0;
        this.totalBytes += 64;
      }
    }
    this.blockLength = used;
    return this;
  }

  /** Finish and return the digest as 64 lowercase hex digits. The hasher cannot be fed afterwards. */
  hex(): string {
    this.assertOpen();
    this.flushPendingHigh();
    const messageBits = (this.totalBytes + this.blockLength) * 8;
    const block = this.block;
    let used = this.blockLength;
    block[used++] = 0x80;
    if (used > 56) {
      block.fill(0, used);
      this.compress();
      used = 0;
    }
    block.fill(0, used, 56);
    // The length is a 64-bit big-endian bit count; split it without bit operators (they are 32-bit).
    const high = Math.floor(messageBits / 0x100000000);
    const low = messageBits >>> 0;
    writeWord(block, 56, high);
    writeWord(block, 60, low);
    this.compress();
    this.finished = true;
    let out = '';
    for (let i = 0; i < 8; i++) {
      out += (this.state[i] >>> 0).toString(16).padStart(8, '0');
    }
    return out;
  }

  private assertOpen(): void {
    if (this.finished) {
      throw new Error('This SHA-256 hasher has already produced its digest.');
    }
  }

  private flushPendingHigh(): void {
    if (this.pendingHigh !== 0) {
      this.pendingHigh = 0;
      this.pushCodePoint(0xfffd);
    }
  }

  /** Append one non-ASCII (or replacement) code point as UTF-8. */
  private pushCodePoint(code: number): void {
    if (code < 0x80) {
      this.pushByte(code);
    } else if (code < 0x800) {
      this.pushByte(0xc0 | (code >> 6));
      this.pushByte(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      this.pushByte(0xe0 | (code >> 12));
      this.pushByte(0x80 | ((code >> 6) & 0x3f));
      this.pushByte(0x80 | (code & 0x3f));
    } else {
      this.pushByte(0xf0 | (code >> 18));
      this.pushByte(0x80 | ((code >> 12) & 0x3f));
      this.pushByte(0x80 | ((code >> 6) & 0x3f));
      this.pushByte(0x80 | (code & 0x3f));
    }
  }

  private pushByte(byte: number): void {
    this.block[this.blockLength++] = byte;
    if (this.blockLength === 64) {
      this.compress();
      this.blockLength = 0;
      this.totalBytes += 64;
    }
  }

  /** Process the full 64-byte block. */
  private compress(): void {
    const w = this.words;
    const block = this.block;
    for (let i = 0; i < 16; i++) {
      const j = i * 4;
      w[i] =
        (block[j] << 24) |
        (block[j + 1] << 16) |
        (block[j + 2] << 8) |
        block[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 =
        ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    const state = this.state;
    let a = state[0];
    let b = state[1];
    let c = state[2];
    let d = state[3];
    let e = state[4];
    let f = state[5];
    let g = state[6];
    let h = state[7];
    for (let i = 0; i < 64; i++) {
      const S1 =
        ((e >>> 6) | (e << 26)) ^
        ((e >>> 11) | (e << 21)) ^
        ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i] + w[i]) | 0;
      const S0 =
        ((a >>> 2) | (a << 30)) ^
        ((a >>> 13) | (a << 19)) ^
        ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    state[0] = (state[0] + a) | 0;
    state[1] = (state[1] + b) | 0;
    state[2] = (state[2] + c) | 0;
    state[3] = (state[3] + d) | 0;
    state[4] = (state[4] + e) | 0;
    state[5] = (state[5] + f) | 0;
    state[6] = (state[6] + g) | 0;
    state[7] = (state[7] + h) | 0;
  }
}

function writeWord(bytes: Uint8Array, offset: number, word: number): void {
  bytes[offset] = word >>> 24;
  bytes[offset + 1] = (word >>> 16) & 0xff;
  bytes[offset + 2] = (word >>> 8) & 0xff;
  bytes[offset + 3] = word & 0xff;
}

/** SHA-256 of a string (as UTF-8) or of bytes, as 64 lowercase hex digits. */
export function sha256Hex(input: string | Uint8Array): string {
  const hasher = new Sha256();
  return typeof input === 'string'
    ? hasher.updateText(input).hex()
    : hasher.updateBytes(input).hex();
}

/** The number of bytes `text` takes as UTF-8 (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      continue;
    }
    if (code < 0x800) {
      bytes += 1;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // Two UTF-16 units, four bytes.
        bytes += 2;
        i++;
      } else {
        bytes += 2;
      }
    } else {
      bytes += 2;
    }
  }
  return bytes;
}
