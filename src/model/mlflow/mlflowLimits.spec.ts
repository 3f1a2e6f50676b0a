import {
  CUT_MARKER,
  cutToLength,
  MAX_KEY_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  mlflowKey,
  mlflowKeys
} from './mlflowLimits';

/** What MLflow 3.x accepts as a param or metric key (mlflow/utils/validation.py), on any platform. */
function mlflowAccepts(key: string): boolean {
  if (!/^[/\w.\- ]*$/.test(key) || key.length > MAX_KEY_LENGTH) {
    return false;
  }
  // posixpath.normpath must leave it unchanged, and it must not be `.`, `..x` or `/x`.
  const normalised = key
    .split('/')
    .filter(part => part !== '' && part !== '.')
    .join('/');
  return (
    normalised === key &&
    key !== '' &&
    !key.startsWith('..') &&
    !key.startsWith('/') &&
    !key.split('/').includes('..')
  );
}

describe('mlflowKey', () => {
  it.each([
    ['lr', 'lr'],
    ['val/accuracy', 'val/accuracy'],
    ['learning rate', 'learning rate'],
    ['a.b-c_d', 'a.b-c_d'],
    ['loss:train', 'loss_train'],
    ['température', 'temp_rature'],
    ['emoji🙂', 'emoji__'],
    ['a[0]', 'a_0_'],
    ['', '_'],
    ['/', '_'],
    ['.', '_'],
    ['..', '__'],
    ['../etc/passwd', '__/etc/passwd'],
    ['..hidden', '_.hidden'],
    ['...', '_..'],
    ['/abs', 'abs'],
    ['a//b', 'a/b'],
    ['a/./b', 'a/b'],
    ['a/../b', 'a/__/b'],
    ['trailing/', 'trailing'],
    ['x'.repeat(300), 'x'.repeat(MAX_KEY_LENGTH)]
  ])('%j becomes %j, which MLflow accepts', (name, key) => {
    expect(mlflowKey(name)).toBe(key);
    expect(mlflowAccepts(key)).toBe(true);
  });

  it('leaves keys MLflow accepts unchanged', () => {
    for (const name of ['a', 'A1', 'x y/z.w-v_u', 'a/...']) {
      expect(mlflowKey(name)).toBe(name);
    }
  });
});

describe('mlflowKeys', () => {
  it('gives distinct keys, valid names keeping theirs', () => {
    const names = ['a b', 'a:b', 'a?b', 'a_b', 'a_b_2'];
    const keys = mlflowKeys(names);
    expect(Object.fromEntries(keys)).toEqual({
      'a b': 'a b',
      a_b: 'a_b',
      a_b_2: 'a_b_2',
      // Rewritten names in name order, numbered past the taken keys.
      'a:b': 'a_b_3',
      'a?b': 'a_b_4'
    });
    expect(new Set(keys.values()).size).toBe(names.length);
  });

  it('gives the same keys whatever the order of the names', () => {
    const names = ['x:1', 'x?1', 'x_1', 'y'];
    expect(mlflowKeys([...names].reverse())).toEqual(mlflowKeys(names));
  });

  it('keeps numbered keys within the length limit', () => {
    const long = 'k'.repeat(300);
    const keys = mlflowKeys([long + ':a', long + ':b', long + ':c']);
    const values = [...keys.values()];
    expect(new Set(values).size).toBe(3);
    for (const key of values) {
      expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
      expect(mlflowAccepts(key)).toBe(true);
    }
  });
});

describe('cutToLength', () => {
  it.each([
    [MAX_PARAM_VALUE_LENGTH - 1, false],
    [MAX_PARAM_VALUE_LENGTH, false],
    [MAX_PARAM_VALUE_LENGTH + 1, true],
    [100_000, true]
  ])('a value of %i characters is cut: %s', (length, cut) => {
    const value = 'v'.repeat(length);
    const result = cutToLength(value, MAX_PARAM_VALUE_LENGTH);
    expect(result.length).toBeLessThanOrEqual(MAX_PARAM_VALUE_LENGTH);
    if (cut) {
      expect(result).toBe('v'.repeat(MAX_PARAM_VALUE_LENGTH - 1) + CUT_MARKER);
    } else {
      expect(result).toBe(value);
    }
  });

  it('never splits a surrogate pair', () => {
    const result = cutToLength('a' + '🙂'.repeat(10), 4);
    expect(result).toBe('a🙂' + CUT_MARKER);
  });
});
