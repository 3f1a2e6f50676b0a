import * as fs from 'fs';
import * as path from 'path';
import {
  DEFAULT_REDACTION_OPTIONS,
  DEFAULT_SECRET_NAME_PATTERNS,
  type IRedactionOptions
} from '../model/redaction/redaction';
import { captureRedaction, readRedactionSetting } from './redactionSettings';

const DEFAULTS = DEFAULT_SECRET_NAME_PATTERNS;

describe('readRedactionSetting', () => {
  it.each<[string, unknown, IRedactionOptions, number]>([
    ['absent', undefined, { enabled: true, namePatterns: DEFAULTS }, 0],
    ['not an object', 'yes', { enabled: true, namePatterns: DEFAULTS }, 0],
    ['an array', [], { enabled: true, namePatterns: DEFAULTS }, 0],
    ['off', { enabled: false }, { enabled: false, namePatterns: DEFAULTS }, 0],
    [
      'a mistyped switch',
      { enabled: 'no', namePatterns: ['pin'] },
      { enabled: true, namePatterns: ['pin'] },
      0
    ],
    [
      'own words and a regex',
      { enabled: true, namePatterns: ['pin', '/^hf_/i'] },
      { enabled: true, namePatterns: ['pin', '/^hf_/i'] },
      0
    ],
    [
      'an empty list (names never redact)',
      { namePatterns: [] },
      { enabled: true, namePatterns: [] },
      0
    ],
    [
      'a bad regex among good entries',
      { namePatterns: ['pin', '/(unclosed/', 'token'] },
      { enabled: true, namePatterns: ['pin', 'token'] },
      1
    ],
    [
      'entries without letters, and not texts',
      { namePatterns: ['--', 42, null, 'key', ''] },
      { enabled: true, namePatterns: ['key'] },
      3
    ]
  ])('%s', (_label, value, options, errorCount) => {
    const result = readRedactionSetting(value);
    expect(result.options).toEqual(options);
    expect(result.errors).toHaveLength(errorCount);
  });

  it('names the entry in each message', () => {
    const { errors } = readRedactionSetting({
      namePatterns: ['/(x/', '***']
    });
    expect(errors[0]).toContain('/(x/');
    expect(errors[1]).toContain('***');
  });
});

describe('captureRedaction', () => {
  const custom: IRedactionOptions = { enabled: true, namePatterns: ['pin'] };

  it('keeps the setting when the notebook leaves redaction on', () => {
    expect(captureRedaction(custom, true)).toBe(custom);
  });

  it('turns it off for a notebook that said so, patterns kept', () => {
    expect(captureRedaction(custom, false)).toEqual({
      enabled: false,
      namePatterns: ['pin']
    });
    expect(custom.enabled).toBe(true);
  });

  it('cannot turn on what the settings turned off', () => {
    const off = { ...custom, enabled: false };
    expect(captureRedaction(off, true).enabled).toBe(false);
  });
});

describe('schema/capture.json', () => {
  const schema = JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../schema/capture.json'),
      'utf-8'
    )
  );
  const redaction = schema.properties.redaction;

  it('defaults to the model defaults, in both places the editor reads', () => {
    expect(redaction.default).toEqual({
      enabled: DEFAULT_REDACTION_OPTIONS.enabled,
      namePatterns: [...DEFAULT_SECRET_NAME_PATTERNS]
    });
    expect(redaction.properties.enabled.default).toBe(true);
    expect(redaction.properties.namePatterns.default).toEqual([
      ...DEFAULT_SECRET_NAME_PATTERNS
    ]);
  });

  it('reads back as the defaults', () => {
    expect(readRedactionSetting(redaction.default)).toEqual({
      options: {
        enabled: true,
        namePatterns: [...DEFAULT_SECRET_NAME_PATTERNS]
      },
      errors: []
    });
  });
});
