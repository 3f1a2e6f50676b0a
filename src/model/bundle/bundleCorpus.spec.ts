import {
  DEFAULT_BUNDLE_LIMITS,
  IBundleIssue,
  IBundleReadFailure
} from './bundleFormat';
import { readBundle } from './bundleReader';
import { hostileCorpus, IHostileCase } from './__tests__/hostileCorpus';
import { validCorpus } from './__tests__/validCorpus';

const hostile = hostileCorpus();

/** `path` is `expected` or inside it. */
function within(path: string, expected: string): boolean {
  return (
    expected === '' || path === expected || path.startsWith(expected + '/')
  );
}

async function refusal(item: IHostileCase): Promise<IBundleIssue[]> {
  const result = await readBundle(item.text, {
    ...DEFAULT_BUNDLE_LIMITS,
    ...item.limits
  });
  expect(result.ok).toBe(false);
  return (result as IBundleReadFailure).errors;
}

describe('the hostile corpus', () => {
  it('has at least 500 distinct bundles', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(500);
    expect(new Set(hostile.map(item => item.text)).size).toBe(hostile.length);
  });

  it.each(hostile.map(item => [item.name, item] as const))(
    'refuses %s, pointing at the mutated spot',
    async (_, item) => {
      const errors = await refusal(item);
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.message.length).toBeGreaterThan(10);
        // Everything reported is at the spot that was changed.
        expect({
          path: error.path,
          within: within(error.path, item.path)
        }).toEqual({
          path: error.path,
          within: true
        });
      }
      if (item.code) {
        expect(errors.map(error => error.code)).toContain(item.code);
      }
      if (item.path) {
        // The message names the place (as a path, or the field's name), so it reads on its own.
        const field = `"${item.path.split('/')[1]}"`;
        expect(
          errors.some(
            error =>
              error.message.includes(item.path) || error.message.includes(field)
          )
        ).toBe(true);
      }
    }
  );
});

describe('the valid corpus', () => {
  it.each(validCorpus().map(item => [item.name, item] as const))(
    'accepts %s',
    async (_, item) => {
      const result = await readBundle(item.text);
      expect(result).toMatchObject({ ok: true });
    }
  );
});
