import {
  expression,
  NAME_ONLY_SECRETS,
  pythonParam as param
} from '../__fixtures__/params';
import { randomChars, SECRET_CASES } from '../__fixtures__/secrets';
import {
  DEFAULT_REDACTION_OPTIONS,
  findSecrets,
  isSecretName,
  looksLikeSecretValue,
  redactionReason,
  redactParams,
  REDACTED_SOURCE,
  SECRET_VALUE_DETECTORS
} from './redaction';

const options = DEFAULT_REDACTION_OPTIONS;

describe('credential formats', () => {
  it('has at least 25 cases and exercises every detector', () => {
    expect(SECRET_CASES.length).toBeGreaterThanOrEqual(25);
    const used = new Set(SECRET_CASES.map(c => c.detector));
    expect(SECRET_VALUE_DETECTORS.filter(name => !used.has(name))).toEqual([]);
  });

  it.each(SECRET_CASES.map(c => [c.label, c] as const))(
    '%s is caught by value under a neutral name',
    (_label, secret) => {
      const text =
        typeof secret.value === 'string'
          ? secret.value
          : JSON.stringify(secret.value);
      const found = findSecrets(text).map(m => m.detector);
      expect(found).toContain(secret.detector);
      if (typeof secret.value === 'string') {
        expect(found).toContain(looksLikeSecretValue(secret.value));
      }
      const result = redactParams({ setting: param(secret.value) }, options);
      expect(result.redacted).toEqual(['setting']);
      expect(found).toContain(result.reasons.setting);
    }
  );

  it.each(SECRET_CASES.map(c => [c.label, c.name, c] as const))(
    '%s is caught under its usual name %s',
    (_label, name, secret) => {
      const result = redactParams({ [name]: param(secret.value) }, options);
      expect(result.params[name]).toEqual({
        value: null,
        source: REDACTED_SOURCE,
        type: typeof secret.value,
        origin: 'source',
        exact: false,
        redacted: true
      });
      expect(isSecretName(name)).toBe(secret.nameCaught);
    }
  );

  it.each(NAME_ONLY_SECRETS)(
    '%s is caught by its name alone',
    (name, value, type) => {
      expect(looksLikeSecretValue(JSON.stringify(value))).toBeNull();
      const result = redactParams({ [name]: param(value, type) }, options);
      expect(result.reasons[name]).toBe('name');
      expect(result.params[name].value).toBeNull();
      expect(result.params[name].type).toBe(type);
    }
  );

  it('finds a secret in the source when the value is not known', () => {
    const key = 's' + 'k-' + randomChars(48, 'aB3');
    const record = expression(`OpenAI(api_key="${key}")`);
    expect(redactionReason('client', record)).toBe('openai-api-key');
  });
});

describe('near misses are not credentials', () => {
  it.each([
    ['sk-learn'],
    ['sk-learn-compatible-estimator-wrapper'],
    ['skip'],
    ['AKIAB'],
    ['AKIA' + 'lowercase0123456789'],
    ['gh' + 'p_' + 'short'],
    ['gh' + 'p_' + 'a'.repeat(36)],
    ['xo' + 'xo-hugs-and-kisses'],
    ['h' + 'f_' + 'transformers'],
    ['Bearer token authentication'],
    ['Bearer ' + 'abcdefghijklmnopqrstuvwxyz'],
    ['Basic understanding'],
    ['eyJ' + 'notjson.' + 'eyJ' + 'alsonotjson.' + 'sig'],
    [btoa('{"typ":"JWT"}').replace(/=+$/, '') + '.eyJzdWIiOiJ4In0.' + 'c2ln'],
    ['postgresql://localhost:5432/db'],
    ['https://user@example.com/repo.git'],
    ['https://{user}:{password}@host/db'],
    ['http://localhost:8888/lab?token=short'],
    ['-----BEGIN ' + 'PUBLIC KEY-----'],
    ['-----BEGIN ' + 'CERTIFICATE-----'],
    ['AI' + 'za' + 'tooShort'],
    ['3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39']
  ])('%s', text => {
    expect(looksLikeSecretValue(text)).toBeNull();
  });
});

describe('finds', () => {
  const pem = [
    '-----BEGIN ' + 'EC PRIVATE KEY-----',
    randomChars(64, 'aB3+/'),
    randomChars(20, 'aB3+/'),
    '-----END ' + 'EC PRIVATE KEY-----'
  ].join('\n');

  it('covers a whole PEM block, BEGIN to END', () => {
    const text = `key:\n${pem}\nnext`;
    expect(findSecrets(text)).toEqual([
      { detector: 'private-key', from: 5, to: 5 + pem.length }
    ]);
  });

  it('covers a URL with credentials from its scheme', () => {
    const url = `redis://default:${randomChars(24, 'aB3')}@cache.internal:6379`;
    const text = `connect to ${url} now`;
    expect(findSecrets(text)).toEqual([
      { detector: 'url-credentials', from: 11, to: 11 + url.length }
    ]);
  });

  it.each([
    ['1 MB of letters', 'a'.repeat(1 << 20)],
    [
      '1 MB of PEM headers',
      ('-----BEGIN ' + 'PRIVATE KEY-----\n').repeat(40000)
    ],
    ['1 MB of JWT starts', 'eyJ-'.repeat(1 << 18)],
    ['1 MB of URL starts', 'a://b:'.repeat(180000)]
  ])('stays linear on %s', (_label, text) => {
    const start = performance.now();
    findSecrets(text);
    // Quadratic scanning would take minutes here.
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
