/**
 * The hand-written validator and docs/schema/bundle.schema.json must agree:
 * ajv (a dev dependency only) runs the schema over the same corpora.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readBundle } from './bundleReader';
import { isDateTime } from './dateTime';
import { hostileCorpus } from './__tests__/hostileCorpus';
import {
  INVALID_DATE_TIMES,
  VALID_DATE_TIMES,
  validCorpus
} from './__tests__/validCorpus';
import { writeBundle } from './bundleWriter';
import { fullRun } from './__tests__/bundleFixtures';

const bundleSchema = jest.requireActual<object>(
  '../../../docs/schema/bundle.schema.json'
);
const runRecordSchema = jest.requireActual<object>(
  '../../../docs/schema/run-record.schema.json'
);

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(runRecordSchema);
const validate = ajv.compile(bundleSchema);

/** Parsed JSON, or undefined for text that is not JSON. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function within(path: string, expected: string): boolean {
  return (
    expected === '' || path === expected || path.startsWith(expected + '/')
  );
}

describe('docs/schema/bundle.schema.json and the reader', () => {
  it('agree on what the writer produces', async () => {
    const text = await writeBundle(
      [fullRun(0), fullRun(1, 'nb-beta'), fullRun(2), fullRun(3)],
      { appVersion: '0.1.0', user: 'ada' }
    );
    expect(validate(JSON.parse(text))).toBe(true);
    expect(await readBundle(text)).toMatchObject({ ok: true });
  });

  it.each(validCorpus().map(item => [item.name, item.text] as const))(
    'both accept %s',
    async (_, text) => {
      const valid = validate(parsed(text));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect((await readBundle(text)).ok).toBe(true);
    }
  );

  const schemaCases = hostileCorpus().filter(item => item.schema);

  it('covers hundreds of schema violations', () => {
    expect(schemaCases.length).toBeGreaterThan(400);
  });

  it.each(schemaCases.map(item => [item.name, item] as const))(
    'both refuse %s, at the same place',
    async (_, item) => {
      expect(validate(parsed(item.text))).toBe(false);
      const places = (validate.errors ?? []).map(error =>
        error.keyword === 'required'
          ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`
          : error.instancePath
      );
      expect(places.some(place => within(place, item.path))).toBe(true);
      expect((await readBundle(item.text)).ok).toBe(false);
    }
  );

  it.each([
    ...VALID_DATE_TIMES.map(text => [text, true] as const),
    ...INVALID_DATE_TIMES.map(text => [text, false] as const)
  ])('agree that %j is a date-time: %s', (text, expected) => {
    const validateDate = ajv.compile({ type: 'string', format: 'date-time' });
    expect(validateDate(text)).toBe(expected);
    expect(isDateTime(text)).toBe(expected);
  });
});
