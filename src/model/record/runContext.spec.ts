import {
  fileParameters,
  importedModules,
  IRunEnvironment,
  parseRunEnvironment,
  seedsOf,
  withEnvironment
} from './runContext';
import { REDACTED_SOURCE } from '../redaction/redaction';
import type { IParamRecord, IRunContext, JSONValue } from '../types';

function param(value: JSONValue, extra: Partial<IParamRecord> = {}) {
  return { value, source: JSON.stringify(value), type: 'str', ...extra };
}

const redacted: IParamRecord = {
  value: null,
  source: REDACTED_SOURCE,
  type: 'str',
  redacted: true
};

const SHA = 'ab'.repeat(32);
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('importedModules', () => {
  it.each<[string, string[], string[]]>([
    [
      'plain and aliased imports',
      ['import numpy as np\nimport pandas as pd\nimport os, sys'],
      ['numpy', 'os', 'pandas', 'sys']
    ],
    [
      'dotted imports keep the top-level module',
      ['import torch.nn.functional as F, matplotlib.pyplot as plt'],
      ['matplotlib', 'torch']
    ],
    [
      'from imports',
      [
        'from sklearn.model_selection import train_test_split\n' +
          'from transformers import AutoModel, AutoTokenizer'
      ],
      ['sklearn', 'transformers']
    ],
    [
      'relative imports are skipped',
      ['from . import utils\nfrom .models import Net\nfrom ..data import x'],
      []
    ],
    [
      'statements after semicolons',
      ['x = 1; import json; from pathlib import Path'],
      ['json', 'pathlib']
    ],
    [
      'imports indented in blocks',
      [
        'try:\n    import torch\nexcept ImportError:\n    torch = None\n' +
          'def load():\n    from safetensors.torch import load_file\n' +
          '    return load_file\n' +
          'with warnings.catch_warnings():\n    import tensorflow as tf'
      ],
      ['safetensors', 'tensorflow', 'torch']
    ],
    [
      'imports after a compound header on the same line',
      [
        'if USE_GPU: import cupy\ntry: import lightgbm\nexcept ImportError: pass\n' +
          'if (n := 3) > 2: import xgboost'
      ],
      ['cupy', 'lightgbm', 'xgboost']
    ],
    [
      'parenthesised and continued imports',
      [
        'from sklearn.metrics import (\n    accuracy_score,\n    f1_score,\n)\n' +
          'import numpy, \\\n    scipy'
      ],
      ['numpy', 'scipy', 'sklearn']
    ],
    [
      'text in strings and comments is ignored',
      [
        'code = "import os"\n' +
          "doc = '''\nimport requests\nfrom boto3 import client\n'''\n" +
          '# import secrets\n' +
          'print("x; import shutil")  # from glob import glob'
      ],
      []
    ],
    [
      'line magics and shell escapes are skipped',
      [
        '%matplotlib inline\n%load_ext autoreload\n!pip install seaborn\n' +
          '%pip install import-this\nimport seaborn as sns'
      ],
      ['seaborn']
    ],
    [
      'Python cell magics keep their body',
      [
        '%%time\nimport polars as pl',
        '%%capture out\nfrom tqdm.auto import tqdm'
      ],
      ['polars', 'tqdm']
    ],
    [
      'other cell magics are not Python',
      [
        '%%bash\nimport this\npython -c "import os"',
        '%%writefile train.py\nimport torch\n',
        'import wandb'
      ],
      ['wandb']
    ],
    [
      'invalid names and keywords are refused',
      ['import 3d\nimport class\nfrom ??? import x\nimport déjà_vu'],
      ['déjà_vu']
    ],
    [
      'duplicates across cells are merged and sorted',
      [
        'import torch\nimport numpy as np',
        'import numpy\nfrom torch import nn'
      ],
      ['numpy', 'torch']
    ],
    [
      'names that only contain the keywords do not count',
      ['important = 1\nfromage = "brie"\nx = __import__("os")'],
      []
    ]
  ])('%s', (_, sources, expected) => {
    expect(importedModules(sources)).toEqual(expected);
  });

  it('keeps at most 200 names', () => {
    const source = Array.from(
      { length: 250 },
      (_, i) => `import m${String(i).padStart(3, '0')}`
    ).join('\n');
    const modules = importedModules([source]);
    expect(modules).toHaveLength(200);
    expect(modules[0]).toBe('m000');
    expect(modules[199]).toBe('m199');
  });
});

describe('seedsOf', () => {
  it.each<
    [
      string,
      { [name: string]: IParamRecord },
      string[],
      ReturnType<typeof seedsOf>
    ]
  >([
    ['nothing seed-like', { lr: param(0.01) }, ['x = 1'], null],
    [
      'parameters named like seeds',
      {
        seed: param(42),
        random_state: param(0),
        torchSeed2: param(7),
        data_seeds: param([1, 2]),
        SEED_VALUE: param(3),
        seedling: param(1),
        reseed: param(true),
        lr: param(0.1)
      },
      [],
      {
        params: {
          seed: 42,
          random_state: 0,
          torchSeed2: 7,
          data_seeds: [1, 2],
          SEED_VALUE: 3
        },
        calls: []
      }
    ],
    [
      'RANDOM_STATE in any case; redacted seeds are skipped',
      { RANDOM_STATE: param(1), api_seed: redacted },
      [],
      { params: { RANDOM_STATE: 1 }, calls: [] }
    ],
    [
      'numpy, torch and random calls in source order',
      {},
      [
        'import random, numpy as np, torch\nrandom.seed(SEED)\nnp.random.seed(SEED)',
        'torch.manual_seed(SEED)\nif torch.cuda.is_available():\n' +
          '    torch.cuda.manual_seed_all(SEED)\n    torch.cuda.manual_seed(SEED)'
      ],
      {
        params: {},
        calls: [
          'random.seed(SEED)',
          'np.random.seed(SEED)',
          'torch.manual_seed(SEED)',
          'torch.cuda.manual_seed_all(SEED)',
          'torch.cuda.manual_seed(SEED)'
        ]
      }
    ],
    [
      'library helpers, bare or dotted',
      { seed: param(1) },
      [
        'from transformers import set_seed\nset_seed(seed)\n' +
          'transformers.set_seed(seed)\nL.seed_everything(seed, workers=True)\n' +
          'tf.keras.utils.set_random_seed(seed); tf.random.set_seed(seed)'
      ],
      {
        params: { seed: 1 },
        calls: [
          'set_seed(seed)',
          'transformers.set_seed(seed)',
          'L.seed_everything(seed, workers=True)',
          'tf.keras.utils.set_random_seed(seed)',
          'tf.random.set_seed(seed)'
        ]
      }
    ],
    [
      'generators count only with a seed',
      {},
      [
        'rng = np.random.default_rng(42)\nother = np.random.default_rng()\n' +
          'r = random.Random(7)\nfresh = random.Random()\n' +
          'key = jax.random.PRNGKey(0)\nk2 = jax.random.key(1)\n' +
          'paddle.seed(3); mx.random.seed(4)'
      ],
      {
        params: {},
        calls: [
          'np.random.default_rng(42)',
          'random.Random(7)',
          'jax.random.PRNGKey(0)',
          'jax.random.key(1)',
          'paddle.seed(3)',
          'mx.random.seed(4)'
        ]
      }
    ],
    [
      'calls spanning lines drop comments and collapse every whitespace run',
      {},
      [
        'torch.manual_seed(\n    cfg["seed"]  # from the config\n    + 1,\n)\n' +
          'np.random.seed(int("4  2"))'
      ],
      {
        params: {},
        calls: [
          'torch.manual_seed( cfg["seed"] + 1, )',
          'np.random.seed(int("4 2"))'
        ]
      }
    ],
    [
      'text in strings, comments and other methods is ignored',
      {},
      [
        '# torch.manual_seed(0)\nprint("np.random.seed(1)")\n' +
          "'''\nrandom.seed(2)\n'''\nself.random.seed(3)\nmy_random.seed(4)\n" +
          'def set_seed(seed):\n    random.seed(seed)\n' +
          '%time np.random.seed(5)'
      ],
      { params: {}, calls: ['random.seed(seed)'] }
    ],
    [
      'duplicates are recorded once',
      {},
      ['np.random.seed(0)', 'np.random.seed( 0 )\nnp.random.seed(0)'],
      { params: {}, calls: ['np.random.seed(0)', 'np.random.seed( 0 )'] }
    ],
    ['an unclosed call is not recorded', {}, ['torch.manual_seed(0'], null]
  ])('%s', (_, params, sources, expected) => {
    expect(seedsOf(params, sources)).toEqual(expected);
  });

  it('cuts long calls to 200 characters', () => {
    const call = `set_seed(${'x'.repeat(300)})`;
    const calls = seedsOf({}, [call])!.calls;
    expect(calls).toEqual([call.slice(0, 199) + '…']);
    expect(calls[0]).toHaveLength(200);
  });
});

describe('fileParameters', () => {
  it.each<[string, JSONValue, boolean]>([
    ['relative path', 'data/train.csv', true],
    ['file name with extension', 'model.pt', true],
    ['home folder', '~/datasets', true],
    ['windows path', 'C:\\data\\images', true],
    ['hub model id', 'bert-base-uncased/v1', true],
    ['compressed archive', 'archive.tar.gz', true],
    ['plain word', 'adam', false],
    ['URL', 'https://example.com/data.csv', false],
    ['s3 URL', 's3://bucket/key.parquet', false],
    ['number in a string', '1.5', false],
    ['version number', '1.5.2', false],
    ['number', 3.5, false],
    ['null', null, false],
    ['blank', '   ', false],
    ['multi-line text', 'a/b\nc', false],
    ['tab', 'a\t/b', false],
    ['too long', 'a/'.repeat(600), false],
    ['device name', 'cuda:0', false]
  ])('%s', (_, value, kept) => {
    expect(fileParameters({ p: param(value) })).toEqual(
      kept ? { p: value } : {}
    );
  });

  it('keeps 20 entries in name order and skips redacted ones', () => {
    const params: { [name: string]: IParamRecord } = {
      a_secret: { ...redacted, value: 'keys/id_rsa' }
    };
    for (let i = 25; i > 0; i--) {
      params[`path_${String(i).padStart(2, '0')}`] = param(`data/${i}.csv`);
    }
    const files = fileParameters(params);
    expect(Object.keys(files)).toEqual(
      Array.from(
        { length: 20 },
        (_, i) => `path_${String(i + 1).padStart(2, '0')}`
      )
    );
    expect(files.path_01).toBe('data/1.csv');
  });
});

const RESOURCES = {
  cpu_seconds: 12.5,
  wall_seconds: 30,
  peak_rss_bytes: 1048576,
  peak_rss_scope: 'run',
  gpu: [{ device: 0, name: 'NVIDIA A100', peak_bytes: 2048 }],
  cells_measured: 4
};
const GIT = { commit: COMMIT, branch: 'main', dirty: true };
const FILE = {
  path: '/home/u/data/train.csv',
  kind: 'file',
  size: 10,
  mtime: '2024-05-01T10:00:00Z',
  sha256: SHA
};

function environmentJSON(parts: { [key: string]: unknown }): string {
  return JSON.stringify({
    resources: RESOURCES,
    packages: { numpy: '1.26.4' },
    git: GIT,
    files: { data: FILE },
    ...parts
  });
}

describe('parseRunEnvironment', () => {
  it.each<[string, string, IRunEnvironment | null]>([
    ['not JSON', 'Traceback (most recent call last)', null],
    ['a JSON array', '[1, 2]', null],
    ['JSON null', 'null', null],
    [
      'a full report',
      environmentJSON({}),
      {
        resources: RESOURCES as IRunEnvironment['resources'],
        packages: { numpy: '1.26.4' },
        git: GIT,
        files: { data: FILE as IRunEnvironment['files'][string] }
      }
    ],
    [
      'an empty object',
      '{}',
      { resources: null, packages: {}, git: null, files: {} }
    ]
  ])('%s', (_, text, expected) => {
    expect(parseRunEnvironment(text)).toEqual(expected);
  });

  it.each<[string, unknown, unknown]>([
    [
      'process scope, unknown RSS, no GPU',
      {
        ...RESOURCES,
        peak_rss_bytes: null,
        peak_rss_scope: 'process',
        gpu: []
      },
      { ...RESOURCES, peak_rss_bytes: null, peak_rss_scope: 'process', gpu: [] }
    ],
    ['negative CPU time', { ...RESOURCES, cpu_seconds: -1 }, null],
    ['string wall time', { ...RESOURCES, wall_seconds: '3' }, null],
    ['unknown scope', { ...RESOURCES, peak_rss_scope: 'kernel' }, null],
    [
      'whole-number fields rounded as the record says',
      { ...RESOURCES, cells_measured: 1.5, peak_rss_bytes: 1024.4 },
      { ...RESOURCES, cells_measured: 2, peak_rss_bytes: 1024 }
    ],
    ['gpu not a list', { ...RESOURCES, gpu: {} }, null],
    [
      'bad GPU entries dropped',
      {
        ...RESOURCES,
        gpu: [
          { device: -1, name: 'x', peak_bytes: 1 },
          { device: 1, name: 'T4', peak_bytes: 5, extra: true },
          { device: 2, name: 7, peak_bytes: 1 },
          { device: 3, name: 'V100', peak_bytes: -5 },
          'gpu'
        ]
      },
      { ...RESOURCES, gpu: [{ device: 1, name: 'T4', peak_bytes: 5 }] }
    ]
  ])('resources: %s', (_, resources, expected) => {
    expect(
      parseRunEnvironment(environmentJSON({ resources }))!.resources
    ).toEqual(expected);
  });

  it.each<[string, unknown, unknown]>([
    [
      'detached HEAD with a SHA-256 commit',
      { commit: 'f'.repeat(64), branch: null, dirty: false },
      { commit: 'f'.repeat(64), branch: null, dirty: false }
    ],
    [
      'upper-case commit, lower-cased as the record stores it',
      { ...GIT, commit: 'AB'.repeat(20), extra: 1 },
      { ...GIT, commit: 'ab'.repeat(20) }
    ],
    ['short commit', { ...GIT, commit: 'abc123' }, null],
    ['non-hex commit', { ...GIT, commit: 'z'.repeat(40) }, null],
    ['dirty as a string', { ...GIT, dirty: 'yes' }, null],
    ['a string', 'main', null]
  ])('git: %s', (_, git, expected) => {
    expect(parseRunEnvironment(environmentJSON({ git }))!.git).toEqual(
      expected
    );
  });

  it('keeps good packages and files and drops the rest', () => {
    const directory = { ...FILE, kind: 'directory', size: 0, sha256: null };
    const text = JSON.stringify({
      packages: {
        torch: '2.3.0',
        bad: 2,
        ['__proto__']: '1',
        constructor: '1'
      },
      files: {
        weights: directory,
        short_hash: { ...FILE, sha256: 'abc' },
        numeric_mtime: { ...FILE, mtime: 5 },
        link: { ...FILE, kind: 'link' },
        negative_size: { ...FILE, size: -1 },
        upper_hash: { ...FILE, sha256: 'C'.repeat(64), size: 12.6 },
        ['__proto__']: FILE,
        prototype: FILE
      }
    });
    const environment = parseRunEnvironment(text)!;
    expect(text).toContain('"__proto__":');
    expect(environment.packages).toEqual({ torch: '2.3.0' });
    expect(environment.files).toEqual({
      weights: directory,
      upper_hash: { ...FILE, sha256: 'c'.repeat(64), size: 13 }
    });
    expect(Object.getPrototypeOf(environment.files)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(environment.packages)).toEqual(['torch']);
  });
});

describe('withEnvironment', () => {
  const context: IRunContext = {
    kernel: { name: 'python3', language: 'python' },
    user: 'ada',
    packages: { old: '1' }
  };
  const seeds = { params: { seed: 1 }, calls: [] };
  const full = parseRunEnvironment(environmentJSON({}))!;
  const empty: IRunEnvironment = {
    resources: null,
    packages: {},
    git: null,
    files: {}
  };

  it.each<[string, IRunEnvironment, typeof seeds | null, IRunContext]>([
    ['nothing to add', empty, null, context],
    ['seeds only', empty, seeds, { ...context, seeds }],
    [
      'everything',
      full,
      seeds,
      {
        ...context,
        packages: { numpy: '1.26.4' },
        git: GIT,
        resources: RESOURCES as IRunEnvironment['resources'] & object,
        files: { data: FILE as IRunEnvironment['files'][string] },
        seeds
      }
    ]
  ])('%s', (_, environment, seedsArg, expected) => {
    const before = JSON.stringify(context);
    const result = withEnvironment(context, environment, seedsArg);
    expect(result).toEqual(expected);
    expect(result).not.toBe(context);
    expect(JSON.stringify(context)).toBe(before);
  });
});
