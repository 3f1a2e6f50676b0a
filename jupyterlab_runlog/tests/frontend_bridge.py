"""Calls the frontend's probe helpers (src/capture/kernelProbe.ts) from pytest.

The probe tests send the kernel exactly the code strings the frontend builds:
a Node.js process transpiles kernelProbe.ts and probeSource.generated.ts with
the project's TypeScript and answers one JSON request per line.
"""

import json
import shutil
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

_SERVER = r"""
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const root = process.argv[1];
const ts = require(path.join(root, 'node_modules', 'typescript'));

function load(file, modules) {
  const source = fs.readFileSync(path.join(root, 'src', 'capture', file), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }
  });
  const module = { exports: {} };
  new Function('require', 'module', 'exports', outputText)(
    name => {
      if (!(name in modules)) throw new Error('unexpected import ' + name);
      return modules[name];
    },
    module,
    module.exports
  );
  return module.exports;
}

const generated = load('probeSource.generated.ts', {});
const probe = load('kernelProbe.ts', { './probeSource.generated': generated });
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', line => {
  const [name, args] = JSON.parse(line);
  let reply;
  try {
    reply = { result: probe[name](...args) };
  } catch (error) {
    reply = { error: String(error) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
"""


class FrontendProbe:
    """A running Node.js process serving kernelProbe.ts's exports."""

    def __init__(self):
        self._process = subprocess.Popen(
            [shutil.which("node"), "-e", _SERVER, str(REPO_ROOT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def __call__(self, name, *args):
        self._process.stdin.write(json.dumps([name, list(args)]) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the Node.js probe bridge exited")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"{name} failed in Node.js: {reply['error']}")
        return reply.get("result")

    def close(self):
        self._process.stdin.close()
        self._process.wait(timeout=10)


def frontend_available():
    return (
        shutil.which("node") is not None
        and (REPO_ROOT / "node_modules" / "typescript").is_dir()
        and (REPO_ROOT / "src" / "capture" / "kernelProbe.ts").is_file()
    )
