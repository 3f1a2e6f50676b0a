import { readBundle } from './bundleReader';
import {
  canonicalBundleParts,
  exportedTextBody,
  joinBundleParts,
  layoutBundle,
  RUN_SEPARATOR,
  sha256OfExportedText,
  sha256Text,
  startExportedDigest
} from './bundleText';
import { writeBundle } from './bundleWriter';
import { AWKWARD_TEXT, fullRun, nodeCrypto } from './__tests__/bundleFixtures';
import { withNativeDigest } from './__tests__/nativeDigest';

const nodeHex = (text: string) =>
  nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Text', () => {
  const texts = ['', 'abc', AWKWARD_TEXT, AWKWARD_TEXT.repeat(40_000)];

  it.each(texts.map(text => [text.length, text] as const))(
    'gives the same digest natively and in pure code (%i characters)',
    async (_, text) => {
      const pure = await sha256Text(text, undefined, false);
      const native = await withNativeDigest(() => sha256Text(text));
      expect(pure).toBe(nodeHex(text));
      expect(native).toBe(pure);
    }
  );

  it('makes the writer write the same bytes either way', async () => {
    const runs = [fullRun(0), fullRun(1)];
    const options = { appVersion: '0.1.0' };
    const pure = await writeBundle(runs, { ...options, nativeDigest: false });
    const native = await withNativeDigest(() => writeBundle(runs, options));
    expect(native).toBe(pure);
    await withNativeDigest(async () =>
      expect(await readBundle(pure)).toMatchObject({ ok: true, warnings: [] })
    );
  });
});

describe('bundle text layout', () => {
  it('puts the checksum first and each run on its own line', () => {
    const parts = canonicalBundleParts({
      version: 1,
      runs: [{ b: 1, a: 2 }, { c: [3] }],
      format: 'x'
    });
    expect(parts).toEqual({
      head: '{"format":"x","runs":[',
      runs: ['{"a":2,"b":1}', '{"c":[3]}'],
      tail: '],"version":1}'
    });
    expect(joinBundleParts(parts)).toBe(
      '{"format":"x","runs":[{"a":2,"b":1},{"c":[3]}],"version":1}'
    );
    expect(layoutBundle(parts, 'sha256:0')).toBe(
      '{"checksum":"sha256:0","format":"x","runs":[\n{"a":2,"b":1},\n{"c":[3]}\n],"version":1}\n'
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no runs', { runs: [] }, '{"checksum":"c","runs":[\n]}\n'],
    [
      'runs that are not a list',
      { runs: 'x', a: 1 },
      '{"checksum":"c","a":1,"runs":"x"}\n'
    ],
    ['nothing but the checksum', {}, '{"checksum":"c"}\n']
  ])('lays out a bundle with %s', (_, bundle, text) => {
    expect(layoutBundle(canonicalBundleParts(bundle), 'c')).toBe(text);
  });

  it('finds the hashed text of an exported file without parsing it', async () => {
    const text = await writeBundle([fullRun(0), fullRun(1)], {
      appVersion: '0.1.0'
    });
    const found = exportedTextBody(text.replace(/\n/g, '\r\n'));
    expect(found?.stated).toBe(JSON.parse(text).checksum);
    expect(found?.body).not.toMatch(/[\r\n]/);
    expect('sha256:' + nodeHex(found!.body)).toBe(found?.stated);
  });

  it.each([
    [
      'a pretty-printed file',
      '{\n  "checksum": "sha256:' + '0'.repeat(64) + '",'
    ],
    ['a short digest', '{"checksum":"sha256:' + '0'.repeat(63) + '",'],
    ['upper-case hex', '{"checksum":"sha256:' + 'A'.repeat(64) + '",'],
    [
      'another first member',
      '{"a":1,"checksum":"sha256:' + '0'.repeat(64) + '"}'
    ]
  ])('does not take %s for the exported layout', (_, text) => {
    expect(exportedTextBody(text)).toBeNull();
  });
});

describe('the digest of an exported file', () => {
  const prefix = '{"checksum":"sha256:' + '0'.repeat(64) + '",';
  const texts: [string, string][] = [
    ['no runs', prefix + '"runs":[\n]}\n'],
    [
      'LF line breaks',
      prefix + '"a":"é😀","runs":[\n{"b":1},\n{"c":[2]}\n]}\n'
    ],
    ['CRLF line breaks', prefix + '"runs":[\r\n{"b":1},\r\n{"c":2}\r\n]}\r\n'],
    ['CR line breaks', prefix + '"runs":[\r{"b":"中"}\r]}\r'],
    [
      'a line longer than a hashing chunk',
      prefix + '"x":"' + 'y'.repeat(1_500_000) + '"}\n'
    ],
    ['nothing after the checksum', prefix]
  ];

  it.each(texts)(
    'of a file with %s is that of its hashed text, natively or not',
    async (_, text) => {
      const expected = nodeHex(exportedTextBody(text)!.body);
      expect(await sha256OfExportedText(text, undefined, false)).toBe(expected);
      await withNativeDigest(async () => {
        expect(await sha256OfExportedText(text)).toBe(expected);
        const started = startExportedDigest(
          text,
          new TextEncoder().encode(text)
        );
        expect(await started).toBe(expected);
      });
    }
  );

  it('is not started for a file in another layout or without a native digest', async () => {
    const pretty = '{\n  "checksum": "sha256:' + '0'.repeat(64) + '"\n}\n';
    const utf8 = new TextEncoder().encode(pretty);
    await withNativeDigest(async () =>
      expect(startExportedDigest(pretty, utf8)).toBeNull()
    );
    const [, text] = texts[1];
    expect(
      startExportedDigest(text, new TextEncoder().encode(text), false)
    ).toBeNull();
  });

  it('lays out runs given joined in blocks as runs given one by one', () => {
    const runs = ['{"a":1}', '{"b":2}', '{"c":3}'];
    const parts = canonicalBundleParts({ runs: [], v: 1 }, runs);
    const blocks = [runs.slice(0, 2).join(RUN_SEPARATOR), runs[2]];
    expect(layoutBundle({ ...parts, runs: blocks }, 'c')).toBe(
      layoutBundle(parts, 'c')
    );
  });
});
