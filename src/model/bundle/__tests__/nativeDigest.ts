/**
 * jsdom has no crypto.subtle; browsers have it in secure contexts. Lend
 * Node's for the duration of a test, so the native digest path runs.
 */
export async function withNativeDigest<T>(run: () => Promise<T>): Promise<T> {
  const { webcrypto } = jest.requireActual<{ webcrypto: { subtle: unknown } }>(
    'crypto'
  );
  const scope = globalThis as { crypto?: unknown };
  const original = Object.getOwnPropertyDescriptor(scope, 'crypto');
  Object.defineProperty(scope, 'crypto', {
    value: { subtle: webcrypto.subtle },
    configurable: true
  });
  try {
    return await run();
  } finally {
    if (original) {
      Object.defineProperty(scope, 'crypto', original);
    } else {
      delete scope.crypto;
    }
  }
}
