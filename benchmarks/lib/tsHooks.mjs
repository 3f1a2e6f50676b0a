/**
 * Node module hooks that run the extension's TypeScript sources directly
 * (pure modules only: no JupyterLab, no DOM), for benchmarks that need no
 * browser: a relative import without extension finds its `.ts` file, and
 * `.ts` files are transpiled with the project's TypeScript (types dropped,
 * nothing checked). Registered by tsRegister.mjs.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL ? fileURLToPath(context.parentURL) : '';
  if (specifier.startsWith('.') && parent.endsWith('.ts')) {
    const base = new URL(specifier, context.parentURL);
    for (const candidate of ['.ts', '.tsx', '/index.ts']) {
      const file = fileURLToPath(base) + candidate;
      if (existsSync(file)) {
        return { url: pathToFileURL(file).href, shortCircuit: true };
      }
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) {
    return nextLoad(url, context);
  }
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true
    }
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
