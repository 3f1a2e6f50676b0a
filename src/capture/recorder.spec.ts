import { DEFAULT_OUTPUT_LIMITS } from '../model/record/outputs';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import type { IRunRecorder } from '../tokens';
import { MemoryRunStore } from '../widgets/__tests__/testing';
import { RunRecorder } from './recorder';

const DEFAULTS: IRunRecorder.ISettings = {
  enabled: true,
  tags: { parameters: 'parameters', tracked: 'experiment' },
  readParametersFromKernel: true,
  recordEnvironment: true,
  limits: DEFAULT_OUTPUT_LIMITS,
  redaction: DEFAULT_REDACTION_OPTIONS
};

describe('RunRecorder settings, as other plugins read them', () => {
  let recorder: RunRecorder;

  beforeEach(() => {
    recorder = new RunRecorder({
      store: new MemoryRunStore(),
      settings: DEFAULTS,
      user: () => undefined,
      readNotebookId: async () => null,
      newId: () => 'id'
    });
  });

  afterEach(() => recorder.dispose());

  it('gives the settings in force through the token', () => {
    const token: IRunRecorder = recorder;
    expect(token.settings).toEqual(DEFAULTS);
  });

  it('tells listeners of each change, and reads the new settings at once', () => {
    const token: IRunRecorder = recorder;
    const seen: IRunRecorder.ISettings[] = [];
    token.settingsChanged.connect((_, settings) => {
      seen.push(settings);
      // A listener reading the token sees what it was told.
      expect(token.settings).toBe(settings);
    });
    const patterns = {
      ...DEFAULTS,
      redaction: { enabled: true, namePatterns: ['pin'] }
    };
    const limits = {
      ...patterns,
      limits: { ...DEFAULT_OUTPUT_LIMITS, maxTextChars: 10 }
    };
    recorder.updateSettings(patterns);
    recorder.updateSettings(limits);
    expect(seen).toEqual([patterns, limits]);
    expect(token.settings.redaction.namePatterns).toEqual(['pin']);
    expect(token.settings.limits.maxTextChars).toBe(10);
  });
});
