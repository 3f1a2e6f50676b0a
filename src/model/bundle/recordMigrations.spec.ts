import type { IRunRecord } from '../types';
import { readBundle } from './bundleReader';
import { writeBundle } from './bundleWriter';
import {
  formatVersionOf,
  migrateRecord,
  RECORD_FORMAT_VERSION,
  RECORD_MIGRATIONS,
  RecordMigration,
  UntypedRecord
} from './recordMigrations';
import { fullRun } from './__tests__/bundleFixtures';
import { baseBundle, mutated, seal, setAt } from './__tests__/corpusBase';

/** Version 1 kept the host in `context.host`; version 2 calls it `context.hostname`. */
const renameHost: RecordMigration = record => {
  const context = record.context as UntypedRecord | undefined;
  if (context && typeof context === 'object' && 'host' in context) {
    context.hostname = context.host;
    delete context.host;
  }
  return record;
};

/** Version 3 tags every run it upgrades. */
const tagUpgraded: RecordMigration = record => {
  const annotations = record.annotations as { tags?: unknown } | undefined;
  if (annotations && Array.isArray(annotations.tags)) {
    annotations.tags = [...annotations.tags, 'upgraded'];
  }
  return record;
};

const FAKE = [renameHost, tagUpgraded];

function hostRecord(): UntypedRecord {
  return { context: { host: 'lab-1' }, annotations: { tags: [] } };
}

describe('record migrations', () => {
  it('start at format version 1 with nothing to apply', () => {
    expect(RECORD_MIGRATIONS).toEqual([]);
    expect(RECORD_FORMAT_VERSION).toBe(1);
    expect(formatVersionOf(FAKE)).toBe(3);
  });

  it.each<[number, UntypedRecord]>([
    [
      1,
      { context: { hostname: 'lab-1' }, annotations: { tags: ['upgraded'] } }
    ],
    [2, { context: { host: 'lab-1' }, annotations: { tags: ['upgraded'] } }],
    [3, { context: { host: 'lab-1' }, annotations: { tags: [] } }]
  ])(
    'apply, from version %i, the upgrades after it in order',
    (from, expected) => {
      expect(migrateRecord(hostRecord(), from, FAKE)).toEqual(expected);
    }
  );

  it.each([0, 4, 1.5, NaN])('refuse version %p', version => {
    expect(() => migrateRecord(hostRecord(), version, FAKE)).toThrow(
      RangeError
    );
  });

  it('upgrade the runs of an older bundle when it is read', async () => {
    const old = mutated(baseBundle(), copy =>
      setAt(copy, ['runs', 1, 'context', 'host'], 'lab-1')
    );
    const result = await readBundle(seal(old), undefined, {
      migrations: FAKE
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      const context = result.runs[1].context as IRunRecord['context'] & {
        host?: string;
        hostname?: string;
      };
      expect(context.hostname).toBe('lab-1');
      expect(context.host).toBeUndefined();
      expect(
        result.runs.every(run => run.annotations.tags.includes('upgraded'))
      ).toBe(true);
      expect(result.bundle.version).toBe(1);
      expect(result.warnings).toEqual([
        expect.objectContaining({
          code: 'migrated',
          message:
            'The bundle was written in format version 1; its 3 runs were upgraded to version 3.'
        })
      ]);
    }
  });

  it('apply only the later upgrades to a bundle of a later version', async () => {
    const v2 = mutated(baseBundle(), copy => {
      copy.version = 2;
      setAt(copy, ['runs', 0, 'context', 'host'], 'kept');
    });
    const result = await readBundle(seal(v2), undefined, { migrations: FAKE });
    expect(result.ok && result.runs[0].context.host).toBe('kept');
    expect(result.ok && result.runs[0].annotations.tags).toContain('upgraded');
  });

  it('count the injected upgrades when refusing a newer bundle', async () => {
    const v4 = mutated(baseBundle(), copy => (copy.version = 4));
    const result = await readBundle(seal(v4), undefined, { migrations: FAKE });
    expect(!result.ok && result.errors[0].message).toContain(
      'reads versions up to 3'
    );
  });

  it('report an upgrade that fails, or that gives a bad record, at its run', async () => {
    const failing: RecordMigration = () => {
      throw new Error('no host');
    };
    const text = seal(baseBundle());
    const thrown = await readBundle(text, undefined, { migrations: [failing] });
    expect(!thrown.ok && thrown.errors.map(e => [e.code, e.path])).toEqual([
      ['migration-failed', '/runs/0'],
      ['migration-failed', '/runs/1'],
      ['migration-failed', '/runs/2']
    ]);
    expect(!thrown.ok && thrown.errors[0].message).toContain('no host');

    const breaking: RecordMigration = record => ({ ...record, status: 7 });
    const broken = await readBundle(text, undefined, {
      migrations: [breaking]
    });
    expect(!broken.ok && broken.errors[0].path).toBe('/runs/0/status');
  });

  it('are what the writer stamps as the bundle version', async () => {
    const text = await writeBundle([fullRun(0)], { appVersion: '0.1.0' });
    expect(JSON.parse(text).version).toBe(RECORD_FORMAT_VERSION);
  });
});
