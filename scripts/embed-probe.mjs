// Embeds the kernel probes (jupyterlab_runlog/_probe.py and _run_probe.py) into
// src/capture/probeSource.generated.ts so the frontend can send them to kernels
// that lack this package. Run `npm run embed:probe` after changing a probe; a
// jest test fails while the generated file is stale.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputPath = join(root, 'src', 'capture', 'probeSource.generated.ts');

/** The source text and SHA-256 (hex) of one probe file. */
function read(name) {
  const bytes = readFileSync(join(root, 'jupyterlab_runlog', name));
  return {
    source: bytes.toString('utf8'),
    digest: createHash('sha256').update(bytes).digest('hex')
  };
}

const probe = read('_probe.py');
const runProbe = read('_run_probe.py');

const text = `// generated, do not edit: scripts/embed-probe.mjs writes this file from
// jupyterlab_runlog/_probe.py and _run_probe.py (run \`npm run embed:probe\`
// after changing them).

/** The parameter probe's Python source (see jupyterlab_runlog/_probe.py). */
export const PYTHON_PROBE_SOURCE = ${JSON.stringify(probe.source)};

/** SHA-256 (hex) of the probe file: a kernel holding another probe reloads it. */
export const PYTHON_PROBE_DIGEST = ${JSON.stringify(probe.digest)};

/** The run probe's Python source (see jupyterlab_runlog/_run_probe.py). */
export const PYTHON_RUN_PROBE_SOURCE = ${JSON.stringify(runProbe.source)};

/** SHA-256 (hex) of the run probe file. */
export const PYTHON_RUN_PROBE_DIGEST = ${JSON.stringify(runProbe.digest)};
`;

// Format like the rest of the sources so prettier --check stays quiet.
let formatted = text;
try {
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(outputPath)) ?? {
    singleQuote: true,
    trailingComma: 'none',
    arrowParens: 'avoid'
  };
  formatted = await prettier.format(text, { ...config, filepath: outputPath });
} catch (error) {
  console.warn(
    `embed-probe: prettier unavailable, writing unformatted (${error})`
  );
}

writeFileSync(outputPath, formatted);
for (const [name, { source, digest }] of [
  ['_probe.py', probe],
  ['_run_probe.py', runProbe]
]) {
  console.log(
    `embed-probe: ${name} (${source.length} chars, sha256 ${digest.slice(0, 12)})`
  );
}
console.log(`embed-probe: wrote ${outputPath}`);
