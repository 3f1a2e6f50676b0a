/**
 * Executes cells in the project's Python (.venv) for tests that must know
 * what a cell really gives, not what a parser thinks it gives.
 */
import type { JSONValue } from '../types';

const fs = jest.requireActual<{ existsSync(path: string): boolean }>('fs');
const childProcess = jest.requireActual<{
  spawnSync(
    command: string,
    args: string[],
    options: {
      input: string;
      encoding: 'utf8';
      timeout: number;
      maxBuffer: number;
    }
  ): { status: number | null; stdout: string; stderr: string };
}>('child_process');

export const PYTHON = `${__dirname}/../../../.venv/bin/python`;
export const hasPython = fs.existsSync(PYTHON);

/** Each top-level name a cell left bound to a JSON-like value: [type name, value]. */
export type CellValues = { [name: string]: [string, JSONValue] };

const SCRIPT = `
import contextlib, io, json, math, sys

def is_json(value):
    if value is None or type(value) in (bool, int, str):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) in (list, tuple):
        return all(is_json(item) for item in value)
    if type(value) is dict:
        return all(type(k) is str and is_json(v) for k, v in value.items())
    return False

request = json.load(sys.stdin)
results = []
for cell in request["cells"]:
    namespace = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(request["prelude"], namespace)
            exec(compile(cell, "<cell>", "exec"), namespace)
    except Exception as error:
        results.append({"error": repr(error)})
        continue
    results.append({
        "values": {
            name: [type(value).__name__, value]
            for name, value in namespace.items()
            if not name.startswith("__") and is_json(value)
        }
    })
json.dump(results, sys.stdout, allow_nan=False)
`;

/**
 * Run each cell in a namespace of its own where `prelude` ran first (what
 * earlier cells left in the kernel); an error gives null.
 */
export function executeCells(
  cells: string[],
  prelude = ''
): (CellValues | null)[] {
  const run = childProcess.spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify({ cells, prelude }),
    encoding: 'utf8',
    timeout: 60000,
    maxBuffer: 64 * 1024 * 1024
  });
  if (run.status !== 0) {
    throw new Error(`python failed: ${run.stderr}`);
  }
  const results = JSON.parse(run.stdout) as {
    values?: CellValues;
    error?: string;
  }[];
  return results.map(result => result.values ?? null);
}
