import { decodeUtf8, invalidUtf8Offset, loneSurrogateIndex } from './utf8';

const fs = jest.requireActual<{
  existsSync(path: string): boolean;
}>('fs');
const childProcess = jest.requireActual<{
  spawnSync(
    command: string,
    args: string[],
    options: { encoding: 'utf8'; input: string; timeout: number }
  ): { status: number | null; stdout: string; stderr: string };
}>('child_process');
const PYTHON = `${__dirname}/../../../.venv/bin/python`;

/** Byte sequences and where a strict decoder says they stop being UTF-8. */
const CASES: [string, number[], number][] = [
  ['ASCII', [0x61, 0x62], -1],
  [
    'two, three and four bytes',
    [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80],
    -1
  ],
  [
    'U+D7FF and U+E000 around the surrogates',
    [0xed, 0x9f, 0xbf, 0xee, 0x80, 0x80],
    -1
  ],
  ['U+FFFF and U+10FFFF', [0xef, 0xbf, 0xbf, 0xf4, 0x8f, 0xbf, 0xbf], -1],
  ['a byte order mark', [0xef, 0xbb, 0xbf, 0x7b, 0x7d], -1],
  ['overlong "/" in two bytes', [0x61, 0xc0, 0xaf], 1],
  ['overlong in two bytes with C1', [0xc1, 0xbf], 0],
  ['overlong in three bytes', [0x61, 0x61, 0xe0, 0x80, 0xaf], 2],
  ['overlong in four bytes', [0xf0, 0x80, 0x80, 0xaf], 0],
  ['a lone continuation byte', [0x61, 0x80, 0x61], 1],
  ['a continuation byte after a full character', [0xc3, 0xa9, 0xa9], 2],
  ['a sequence cut short by a quote', [0x22, 0xe2, 0x82, 0x22], 1],
  ['a sequence cut short by the end', [0x61, 0xf0, 0x9f, 0x98], 1],
  ['a lead byte alone at the end', [0x61, 0xc3], 1],
  ['a high surrogate in UTF-8', [0x61, 0xed, 0xa0, 0x80], 1],
  ['a low surrogate in UTF-8', [0xed, 0xbf, 0xbf], 0],
  ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ['F5', [0x61, 0xf5, 0x80, 0x80, 0x80], 1],
  ['the byte FF', [0x61, 0x62, 0xff], 2],
  ['the byte FE', [0xfe], 0]
];

describe('UTF-8 checks', () => {
  it.each(CASES)('%s: first invalid byte at %i', (_, bytes, offset) => {
    expect(invalidUtf8Offset(new Uint8Array(bytes))).toBe(offset);
  });

  it.each(CASES)(
    '%s: decoded, or refused at the same offset',
    (_, bytes, offset) => {
      const decoded = decodeUtf8(new Uint8Array(bytes));
      if (offset < 0) {
        expect(decoded).toBe(
          jest
            .requireActual<{ Buffer: typeof Buffer }>('buffer')
            .Buffer.from(bytes)
            .toString('utf8')
            .replace(/^\ufeff/, '')
        );
      } else {
        expect(decoded).toEqual({
          offset,
          bytes: bytes
            .slice(offset, offset + 4)
            .map(byte => byte.toString(16).toUpperCase().padStart(2, '0'))
            .join(' ')
        });
      }
    }
  );

  (fs.existsSync(PYTHON) ? it : it.skip)(
    "agrees with Python's strict decoder on every case",
    () => {
      const script = [
        'import json, sys',
        'for case in json.load(sys.stdin):',
        '    try:',
        '        bytes(case).decode("utf-8"); print(-1)',
        '    except UnicodeDecodeError as error:',
        '        print(error.start)'
      ].join('\n');
      const run = childProcess.spawnSync(PYTHON, ['-c', script], {
        encoding: 'utf8',
        input: JSON.stringify(CASES.map(([, bytes]) => bytes)),
        timeout: 20000
      });
      expect(run.stderr).toBe('');
      const offsets = run.stdout.trim().split('\n').map(Number);
      expect(offsets).toEqual(
        CASES.map(([, bytes]) => invalidUtf8Offset(new Uint8Array(bytes)))
      );
    },
    30000
  );

  it.each([
    ['plain', 'abc', -1],
    ['a pair', 'a😀b', -1],
    ['a lone high surrogate', 'ab\ud800c', 2],
    ['a lone low surrogate', 'a\udc00', 1],
    ['a high surrogate at the end', 'a😀\ud83d', 3],
    ['two lows after a pair', '😀\ude00', 2]
  ])('%s: lone surrogate at %i', (_, text, index) => {
    expect(loneSurrogateIndex(text)).toBe(index);
  });
});
