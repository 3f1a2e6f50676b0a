// Embeds jupyterlab_runlog/_probe.py into src/capture/probeSource.generated.ts
// so the frontend can send the probe to kernels that lack this package.
// Run `npm run embed:probe` after changing the probe; a jest test fails while
// the generated file is stale.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const probePath = join(root, 'jupyterlab_runlog', '_probe.py');
const outputPath = join(root, 'src', 'capture', 'probeSource.generated.ts');

const sourceBytes = readFileSync(probePath);
const source = sourceBytes.toString('utf8');
const digest = createHash('sha256').update(sourceBytes).digest('hex');

const text = `// generated, do not edit: scripts/embed-probe.mjs writes this file from
// jupyterlab_runlog/_probe.py (run \`npm run embed:probe\` after changing it).

/** The kernel probe's Python source (see jupyterlab_runlog/_probe.py). */
export const PYTHON_PROBE_SOURCE = ${JSON.stringify(source)};

/** SHA-256 (hex) of the probe file: a kernel holding another probe reloads it. */
export const PYTHON_PROBE_DIGEST = ${JSON.stringify(digest)};
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
console.log(
  `embed-probe: wrote ${outputPath} (${source.length} chars, sha256 ${digest.slice(0, 12)})`
);
