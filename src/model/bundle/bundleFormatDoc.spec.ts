/**
 * docs/bundle-format.md states a checksum procedure (with a Python script)
 * and the default limits: both must match the code.
 */
import { DEFAULT_BUNDLE_LIMITS } from './bundleFormat';
import { writeBundle } from './bundleWriter';
import { fullRun, nodeCrypto } from './__tests__/bundleFixtures';

const fs = jest.requireActual<{
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string): void;
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

/** The documented procedure, step by step, in TypeScript. */
function documentedCheck(text: string): 'ok' | 'mismatch' | 'not exported' {
  const bytes = Buffer.from(text, 'utf8');
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

async function samples(): Promise<[string, string, string][]> {
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
    ]
  ];
}

describe('docs/bundle-format.md', () => {
  it('has a verifier of about ten lines', () => {
    expect(VERIFIER.trim().split('\n').length).toBeLessThanOrEqual(10);
  });

  it('describes a procedure that matches the writer', async () => {
    for (const [name, text, expected] of await samples()) {
      expect([name, documentedCheck(text)]).toEqual([name, expected]);
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
          const outcome =
            run.status === 0 && run.stdout.includes('checksum ok')
              ? 'ok'
              : run.stdout.includes('MISMATCH')
                ? 'mismatch'
                : run.stderr.includes('not a bundle as exported')
                  ? 'not exported'
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
