import { DEFAULT_OUTPUT_LIMITS } from '../model/record/outputs';
import { readOutputLimits } from './outputLimitsSetting';

describe('readOutputLimits', () => {
  it('reads each limit from its setting', () => {
    const settings: Record<string, unknown> = {
      maxOutputTextChars: 500,
      maxImageBytes: 0,
      maxOutputsPerCell: 3,
      maxSeriesPoints: 50
    };
    expect(readOutputLimits(key => settings[key])).toEqual({
      maxTextChars: 500,
      maxImageBytes: 0,
      maxOutputsPerCell: 3,
      maxSeriesPoints: 50
    });
  });

  it.each([
    ['missing', undefined],
    ['a string', '100'],
    ['negative', -1],
    ['fractional', 2.5],
    ['null', null]
  ])('takes the default for a value that is %s', (_, value) => {
    const limits = readOutputLimits(key =>
      key === 'maxOutputsPerCell' ? value : undefined
    );
    expect(limits).toEqual(DEFAULT_OUTPUT_LIMITS);
  });
});
