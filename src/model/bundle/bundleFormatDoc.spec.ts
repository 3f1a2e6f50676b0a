/**
 * docs/bundle-format.md states a checksum procedure (with a Python script)
 * and the default limits: both must match the code.
 */
import { DEFAULT_BUNDLE_LIMITS } from './bundleFormat';
import { readBundle } from './bundleReader';
import { writeBundle } from './bundleWriter';
import { fullRun, nodeCrypto } from './__tests__/bundleFixtures';
import { bundleWithBadBytes, INVALID_UTF8 } from './__tests__/invalidUtf8';
import { invalidUtf8Offset } from './utf8';

const fs = jest.requireActual<{
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string | Uint8Array): void;
  existsSync(path: string): boolean;
  mkdtempSync(prefix: string): string;
  rmSync(path: string, options: { recursive: boolean; force: boolean }): void;
}>('fs');
const os = jest.requireActual<{ tmpdir(): string }>('os');
const childProcess = jest.requireActual<{
  spawnSync(
    command: string,
    args: string[],
    options: { encoding: 'utf8'; timeout: number }
  ): { status: number | null; stdout: string; stderr: string };
}>('child_process');

const ROOT = `${__dirname}/../../..`;
const DOC = fs.readFileSync(`${ROOT}/docs/bundle-format.md`, 'utf8');
const PYTHON = `${ROOT}/.venv/bin/python`;

/** The first ```python block of the document. */
const VERIFIER = /```python\n([\s\S]*?)```/.exec(DOC)![1];

const NodeBuffer = jest.requireActual<{ Buffer: typeof Buffer }>(
  'buffer'
).Buffer;

type Outcome =
  'ok' | 'mismatch' | 'not exported' | `not UTF-8 at byte ${number}`;

/** The documented procedure, step by step, in TypeScript. */
function documentedCheck(file: string | Uint8Array): Outcome {
  const bytes = NodeBuffer.from(file as Uint8Array);
  // Decoded strictly; the offset is the one Python's decoder reports
  // (utf8.spec.ts checks that against Python).
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    return `not UTF-8 at byte ${bad}`;
  }
  const text = typeof file === 'string' ? file : bytes.toString('utf8');
  const found = /^(?:\ufeff)?\{"checksum":"sha256:([0-9a-f]{64})",/.exec(text);
  if (!found) {
    return 'not exported';
  }
  const prefixBytes = Buffer.byteLength(found[0], 'utf8');
  const body = Buffer.concat([Buffer.from('{'), bytes.subarray(prefixBytes)])
    .toString('utf8')
    .replace(/[\r\n]/g, '');
  const digest = nodeCrypto
    .createHash('sha256')
    .update(body, 'utf8')
    .digest('hex');
  return digest === found[1] ? 'ok' : 'mismatch';
}

/**
 * How the reader judges a file, in the verifier's words; a file the
 * verifier finds changed the reader refuses (for a checksum mismatch, or
 * sooner: an edit can also break the JSON).
 */
async function readerCheck(
  file: string | Uint8Array
): Promise<Outcome | 'refused'> {
  const read = await readBundle(
    typeof file === 'string' ? new Uint8Array(NodeBuffer.from(file)) : file
  );
  if (read.ok) {
    const reformatted = read.warnings.some(w => w.code === 'reformatted');
    return reformatted ? 'not exported' : 'ok';
  }
  const [error] = read.errors;
  return error.code === 'not-utf8'
    ? `not UTF-8 at byte ${error.position ?? -1}`
    : 'refused';
}

async function samples(): Promise<[string, string | Uint8Array, Outcome][]> {
  const text = await writeBundle([fullRun(0), fullRun(1, 'nb-β'), fullRun(2)], {
    appVersion: '0.1.0',
    user: 'José 😀'
  });
  const lines = text.split('\n');
  return [
    ['as exported', text, 'ok'],
    ['with CRLF line ends', text.replace(/\n/g, '\r\n'), 'ok'],
    ['with a byte order mark', '\ufeff' + text, 'ok'],
    [
      'with one character changed',
      text.replace('"note":"note', '"note":"Note'),
      'mismatch'
    ],
    [
      'with a run removed',
      [lines[0], lines[1].replace(/,$/, ''), ...lines.slice(3)].join('\n'),
      'mismatch'
    ],
    [
      'pretty-printed',
      JSON.stringify(JSON.parse(text), null, 1),
      'not exported'
    ],
    [
      'with lone surrogates in values (written as \\u escapes)',
      await writeBundle([fullRun(0)], {
        appVersion: '0.1.0',
        user: 'x\ud800y\udcff'
      }),
      'ok'
    ],
    ...(await Promise.all(
      INVALID_UTF8.map(
        async ([kind, bad]): Promise<[string, Uint8Array, Outcome]> => {
          const file = await bundleWithBadBytes(bad);
          return [
            `with ${kind}, sealed over the leniently decoded text`,
            file.bytes,
            `not UTF-8 at byte ${file.offset}`
          ];
        }
      )
    ))
  ];
}

describe('docs/bundle-format.md', () => {
  it('has a verifier of about a dozen lines', () => {
    expect(VERIFIER.trim().split('\n').length).toBeLessThanOrEqual(14);
  });

  it('describes a procedure that matches the writer', async () => {
    for (const [name, text, expected] of await samples()) {
      expect([name, documentedCheck(text)]).toEqual([name, expected]);
    }
  });

  it('describes a procedure the reader agrees with, on valid and invalid files', async () => {
    for (const [name, file, verdict] of await samples()) {
      const expected = verdict === 'mismatch' ? 'refused' : verdict;
      expect([name, await readerCheck(file)]).toEqual([name, expected]);
    }
  });

  const hasPython = fs.existsSync(PYTHON);
  (hasPython ? it : it.skip)(
    'has a Python verifier that accepts exported files and catches changes',
    async () => {
      const dir = fs.mkdtempSync(`${os.tmpdir()}/runlog-bundle-`);
      try {
        fs.writeFileSync(`${dir}/verify.py`, VERIFIER);
        for (const [name, text, expected] of await samples()) {
          const file = `${dir}/bundle.runlog.json`;
          fs.writeFileSync(file, text);
          const run = childProcess.spawnSync(
            PYTHON,
            [`${dir}/verify.py`, file],
            {
              encoding: 'utf8',
              timeout: 20000
            }
          );
          const notUtf8 = /not UTF-8 at byte \d+/.exec(run.stderr);
          const outcome =
            run.status === 0 && run.stdout.includes('checksum ok')
              ? 'ok'
              : run.stdout.includes('MISMATCH')
                ? 'mismatch'
                : run.stderr.includes('not a bundle as exported')
                  ? 'not exported'
                  : run.status === 1 && notUtf8
                    ? notUtf8[0]
                    : `exit ${run.status}: ${run.stderr}`;
          expect([name, outcome]).toEqual([name, expected]);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    60000
  );

  it('states the default limits', () => {
    for (const [name, value] of Object.entries(DEFAULT_BUNDLE_LIMITS)) {
      expect(DOC).toMatch(new RegExp(`\\| \`${name}\`\\s*\\| ${value}\\s*\\|`));
    }
  });
});
