import { canonicalJson, CanonicalJsonError } from './canonicalJson';
import { randomSource } from './__tests__/bundleFixtures';

/** A plain reference: sorted keys, everything else as JSON.stringify writes it. */
function reference(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(reference).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter(key => record[key] !== undefined)
      .sort()
      .map(key => `${JSON.stringify(key)}:${reference(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 4 : 6));
  const keys = [
    'a',
    'B',
    '10',
    '9',
    '0',
    '-1',
    '$x',
    'é',
    '😀',
    '\u0000',
    ' ',
    'z'
  ];
  switch (pick) {
    case 0:
      return random() * 1e6 - 5e5;
    case 1:
      return ['x', '"', '\\', '\n', '\ud800', 'ü'][Math.floor(random() * 6)];
    case 2:
      return random() < 0.5 ? null : random() < 0.5;
    case 3:
      return Math.floor(random() * 100);
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () =>
        randomValue(random, depth + 1)
      );
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 5); i > 0; i--) {
        out[keys[Math.floor(random() * keys.length)]] = randomValue(
          random,
          depth + 1
        );
      }
      return out;
    }
  }
}

describe('canonicalJson', () => {
  it('sorts members by UTF-16 code units (the RFC 8785 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis'
    };
    const keys = Object.keys(JSON.parse(canonicalJson(value)));
    // JSON.parse puts "1" first again, so read the order from the text.
    const order = [
      ...canonicalJson(value).matchAll(/"((?:[^"\\]|\\.)*)":/g)
    ].map(match => JSON.parse(`"${match[1]}"`));
    expect(order).toEqual([
      '\r',
      '1',
      '\u0080',
      '\u00f6',
      '\u20ac',
      '\ud83d\ude00',
      '\ufb33'
    ]);
    expect(keys.sort()).toEqual(order.slice().sort());
  });

  it.each<[unknown, string]>([
    [1e30, '1e+30'],
    [4.5, '4.5'],
    [0.002, '0.002'],
    [1e-7, '1e-7'],
    [-0, '0'],
    [333333333.3333333, '333333333.3333333'],
    [9007199254740991, '9007199254740991'],
    ['\u0007\u001f"\\/\u2028', '"\\u0007\\u001f\\"\\\\/\u2028"'],
    ['\udc00', '"\\udc00"'],
    [{ b: [{ d: 1, c: 2 }], a: null }, '{"a":null,"b":[{"c":2,"d":1}]}'],
    [{ '10': 1, '9': 2, a: 3, '': 4 }, '{"":4,"10":1,"9":2,"a":3}']
  ])('writes %p as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('matches a plain sorted-key writer on 500 random values', () => {
    const random = randomSource(99);
    for (let i = 0; i < 500; i++) {
      const value = randomValue(random, 0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });

  it('leaves out undefined members and keeps a __proto__ member', () => {
    const value = JSON.parse('{"z":1,"__proto__":{"x":[1]}}') as object;
    expect(canonicalJson({ ...value, gone: undefined })).toBe(
      '{"__proto__":{"x":[1]},"z":1}'
    );
  });

  it.each<[string, unknown, (string | number)[]]>([
    ['NaN', { a: [1, NaN] }, ['a', 1]],
    ['Infinity', { a: { b: Infinity } }, ['a', 'b']],
    ['an undefined item', [1, undefined], [1]],
    ['a function', { f: () => 1 }, ['f']],
    ['a bigint', { n: BigInt(1) }, ['n']]
  ])('refuses %s, saying where', (_, value, path) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CanonicalJsonError);
    expect((error as CanonicalJsonError).path).toEqual(path);
  });
});
