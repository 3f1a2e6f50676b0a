import { nodeCrypto, randomSource } from './__tests__/bundleFixtures';
import { Sha256, sha256Hex, utf8Length } from './sha256';

const nodeHex = (input: string | Uint8Array) =>
  nodeCrypto.createHash('sha256').update(input, 'utf8').digest('hex');

/** Random text mixing ASCII, 2- and 3-byte characters, pairs and lone surrogates. */
function randomText(random: () => number, length: number): string {
  const pieces = [
    () => String.fromCharCode(0x20 + Math.floor(random() * 95)),
    () => String.fromCharCode(0x80 + Math.floor(random() * 0x780)),
    () => String.fromCharCode(0x800 + Math.floor(random() * 0xd000)),
    () => String.fromCodePoint(0x10000 + Math.floor(random() * 0xfffff)),
    () => String.fromCharCode(0xd800 + Math.floor(random() * 0x800)),
    () => '\n'
  ];
  let out = '';
  while (out.length < length) {
    out += pieces[Math.floor(random() * pieces.length)]();
  }
  return out;
}

describe('sha256Hex', () => {
  // FIPS 180-4 / NIST CSHS example messages.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1'
    ],
    [
      'a'.repeat(1_000_000),
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'
    ]
  ])('hashes the NIST message of length %#', (message, digest) => {
    expect(sha256Hex(message)).toBe(digest);
    expect(sha256Hex(new TextEncoderLike().encode(message))).toBe(digest);
  });

  it.each([0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000])(
    'matches node:crypto on %i random bytes',
    length => {
      const random = randomSource(length + 11);
      const bytes = Uint8Array.from({ length }, () =>
        Math.floor(random() * 256)
      );
      expect(sha256Hex(bytes)).toBe(nodeHex(bytes));
    }
  );

  it('matches node:crypto on 300 random multi-byte strings (as UTF-8)', () => {
    const random = randomSource(42);
    for (let i = 0; i < 300; i++) {
      const text = randomText(random, Math.floor(random() * 300));
      expect(sha256Hex(text)).toBe(nodeHex(text));
    }
  });

  it('gives the same digest however a string is split, even inside a surrogate pair', () => {
    const random = randomSource(7);
    for (let i = 0; i < 100; i++) {
      const text = randomText(random, 50 + Math.floor(random() * 200));
      const hasher = new Sha256();
      let from = 0;
      while (from < text.length) {
        const to = Math.min(text.length, from + Math.floor(random() * 9));
        hasher.updateText(text, from, to);
        from = to;
      }
      expect(hasher.hex()).toBe(nodeHex(text));
    }
  });

  it('encodes a split pair as one character and a lone surrogate as U+FFFD', () => {
    const pair = '😀';
    expect(
      new Sha256().updateText(pair, 0, 1).updateText(pair, 1, 2).hex()
    ).toBe(nodeHex(pair));
    expect(new Sha256().updateText('\ud83d').updateText('x').hex()).toBe(
      nodeHex('\ufffdx')
    );
    expect(sha256Hex('a\udc00b')).toBe(nodeHex('a\ufffdb'));
  });

  it('refuses to be fed after its digest', () => {
    const hasher = new Sha256().updateText('abc');
    hasher.hex();
    expect(() => hasher.updateText('d')).toThrow(/already/);
  });
});

describe('utf8Length', () => {
  it('counts UTF-8 bytes as Node does', () => {
    const random = randomSource(3);
    const byteLength = (text: string) =>
      new TextEncoderLike().encode(text).length;
    for (let i = 0; i < 200; i++) {
      const text = randomText(random, Math.floor(random() * 100));
      expect(utf8Length(text)).toBe(byteLength(text));
    }
  });
});

/** UTF-8 encoding through Node's Buffer (jsdom's environment lacks TextEncoder). */
class TextEncoderLike {
  encode(text: string): Uint8Array {
    const { Buffer } = jest.requireActual<{
      Buffer: { from(text: string, encoding: string): Uint8Array };
    }>('buffer');
    return Uint8Array.from(Buffer.from(text, 'utf8'));
  }
}
