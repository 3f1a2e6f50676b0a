import { extractMetrics, RUNLOG_METRICS_MIME } from './metrics';
import {
  boundOutputs,
  DEFAULT_OUTPUT_LIMITS,
  IOutputLimits,
  thinSeries,
  truncateText
} from './outputs';
import type { ICapturedOutput, JSONValue } from '../types';

const limits: IOutputLimits = {
  maxTextChars: 10,
  maxImageBytes: 20,
  maxOutputsPerCell: 3,
  maxSeriesPoints: 5
};

/** Freeze deeply, so any mutation of the input throws. */
function frozen<T extends JSONValue>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(item => frozen(item));
    Object.freeze(value);
  }
  return value;
}

function stream(text: JSONValue): ICapturedOutput {
  return { output_type: 'stream', name: 'stdout', text };
}

function display(
  data: { [mime: string]: JSONValue },
  metadata: { [key: string]: JSONValue } = {}
): ICapturedOutput {
  return { output_type: 'display_data', data, metadata };
}

function metricsOutput(series: [number, number][]): ICapturedOutput {
  return display({
    [RUNLOG_METRICS_MIME]: {
      version: 1,
      metrics: { loss: { value: 0, series }, acc: { value: 0.5 } },
      note: 'kept'
    }
  });
}

describe('truncateText', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['abcdefghijklmno', 10, 'abcdefghij\n… [runlog: truncated 5 characters]'],
    [
      'x'.repeat(12_355),
      10,
      'xxxxxxxxxx\n… [runlog: truncated 12,345 characters]'
    ],
    ['abc', 0, '\n… [runlog: truncated 3 characters]'],
    // The pair for U+1F600 straddles the cut: it goes whole.
    ['abcdefghi\u{1F600}z', 10, 'abcdefghi\n… [runlog: truncated 3 characters]']
  ])('%j to %i characters', (text, max, expected) => {
    expect(truncateText(text, max)).toBe(expected);
  });
});

describe('thinSeries', () => {
  const series = Array.from({ length: 11 }, (_, i) => i);
  it.each<[number, number[]]>([
    [20, series],
    [11, series],
    [6, [0, 2, 4, 6, 8, 10]],
    [3, [0, 5, 10]],
    [2, [0, 10]],
    [1, [10]],
    [0, []]
  ])('keeps at most %i points, first and last included', (max, expected) => {
    expect(thinSeries(series, max)).toEqual(expected);
  });

  it('keeps the last point at uneven strides', () => {
    const long = Array.from({ length: 100_001 }, (_, i) => i);
    const thinned = thinSeries(long, 10_000);
    expect(thinned).toHaveLength(10_000);
    expect(thinned[0]).toBe(0);
    expect(thinned[thinned.length - 1]).toBe(100_000);
    expect(new Set(thinned).size).toBe(10_000);
  });
});

describe('boundOutputs', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_OUTPUT_LIMITS).toEqual({
      maxTextChars: 20_000,
      maxImageBytes: 1_000_000,
      maxOutputsPerCell: 50,
      maxSeriesPoints: 10_000
    });
  });

  it('returns equal copies of outputs within the limits', () => {
    const outputs = frozen([
      stream('hello\n'),
      display(
        { 'text/plain': 'small', 'image/png': 'iVBORw0K' },
        {
          'image/png': { width: 10 }
        }
      ),
      {
        output_type: 'execute_result',
        execution_count: 1,
        data: { 'application/json': { a: 1 } },
        metadata: {}
      }
    ]);
    const bounded = boundOutputs(outputs, limits);
    expect(bounded).toEqual(outputs);
    expect(bounded).not.toBe(outputs);
    expect(bounded[1]).not.toBe(outputs[1]);
    expect(bounded[1].data).not.toBe(outputs[1].data);
  });

  it('truncates stream text, joining nbformat line arrays', () => {
    const outputs = frozen([
      stream('0123456789abc'),
      stream(['01234', '56789', 'xy'])
    ]);
    expect(boundOutputs(outputs, limits).map(output => output.text)).toEqual([
      '0123456789\n… [runlog: truncated 3 characters]',
      '0123456789\n… [runlog: truncated 2 characters]'
    ]);
  });

  it.each(['text/plain', 'text/html', 'text/markdown', 'image/svg+xml'])(
    'truncates %s',
    mime => {
      const [bounded] = boundOutputs(
        frozen([display({ [mime]: 'abcdefghijklmnopqrstuvwxyz' })]),
        limits
      );
      expect(bounded.data).toEqual({
        [mime]: 'abcdefghij\n… [runlog: truncated 16 characters]'
      });
    }
  );

  it('drops structured data over the text limit with a note', () => {
    const [bounded] = boundOutputs(
      frozen([
        {
          output_type: 'execute_result',
          execution_count: 2,
          data: {
            'application/json': { values: [1, 2, 3, 4, 5] },
            'text/plain': "{'values': …}"
          },
          metadata: {}
        }
      ]),
      { ...limits, maxTextChars: 20 }
    );
    expect(bounded.data).toEqual({
      'text/plain':
        "{'values': …}\n[runlog: dropped application/json of 22 characters]"
    });
    expect(bounded.execution_count).toBe(2);
  });

  it('replaces an image over the cap with a note and drops its metadata', () => {
    const png = 'A'.repeat(1_234_567);
    const [bounded] = boundOutputs(
      frozen([
        display(
          { 'image/png': png, 'text/plain': '<Figure size 640x480>' },
          { 'image/png': { width: 640 }, isolated: true }
        )
      ]),
      DEFAULT_OUTPUT_LIMITS
    );
    expect(bounded).toEqual({
      output_type: 'display_data',
      data: {
        'text/plain':
          '<Figure size 640x480>\n' +
          '[runlog: dropped image/png image of 1,234,567 bytes (limit 1,000,000)]'
      },
      metadata: { isolated: true }
    });
  });

  it('writes the note alone when an image had no text fallback', () => {
    const [bounded] = boundOutputs(
      frozen([display({ 'image/jpeg': ['A'.repeat(15), 'B'.repeat(15)] })]),
      limits
    );
    expect(bounded.data).toEqual({
      'text/plain': '[runlog: dropped image/jpeg image of 30 bytes (limit 20)]'
    });
  });

  it('bounds tracebacks and error values', () => {
    const [bounded] = boundOutputs(
      frozen([
        {
          output_type: 'error',
          ename: 'ValueError',
          evalue: 'a very long message',
          traceback: ['line-one', 'line-two', 'line-three']
        }
      ]),
      limits
    );
    expect(bounded).toEqual({
      output_type: 'error',
      ename: 'ValueError',
      evalue: 'a very lon\n… [runlog: truncated 9 characters]',
      traceback: ['line-one', 'li', '… [runlog: truncated 16 characters]']
    });
  });

  it('keeps the first outputs and notes how many were dropped', () => {
    const outputs = frozen(['a', 'b', 'c', 'd', 'e'].map(text => stream(text)));
    const bounded = boundOutputs(outputs, limits);
    expect(bounded.map(output => output.text)).toEqual([
      'a',
      'b',
      'c',
      '… [runlog: dropped 2 more outputs]\n'
    ]);
    expect(bounded[3]).toMatchObject({ output_type: 'stream', name: 'stdout' });
  });

  it('keeps metrics outputs beyond the output cap', () => {
    const outputs = frozen([
      stream('a'),
      stream('b'),
      stream('c'),
      stream('d'),
      metricsOutput([[1, 0.5]])
    ]);
    const bounded = boundOutputs(outputs, limits);
    expect(bounded).toHaveLength(5);
    expect(bounded[3]).toEqual(outputs[4]);
    expect(bounded[4].text).toBe('… [runlog: dropped 1 more output]\n');
    expect(extractMetrics(bounded)).toEqual({
      loss: { value: 0.5, series: [[1, 0.5]] },
      acc: { value: 0.5 }
    });
  });

  it('thins metric series and leaves the rest of the payload alone', () => {
    const series = Array.from(
      { length: 9 },
      (_, i) => [i + 1, 1 / (i + 1)] as [number, number]
    );
    const [bounded] = boundOutputs(frozen([metricsOutput(series)]), limits);
    const payload = (bounded.data as { [mime: string]: JSONValue })[
      RUNLOG_METRICS_MIME
    ];
    expect(payload).toEqual({
      version: 1,
      metrics: {
        loss: {
          value: 0,
          series: [series[0], series[2], series[4], series[6], series[8]]
        },
        acc: { value: 0.5 }
      },
      note: 'kept'
    });
    // The run's metric is still the last logged value.
    expect(extractMetrics([bounded]).loss.value).toBe(1 / 9);
  });

  it('passes malformed outputs through as copies', () => {
    const outputs = frozen<ICapturedOutput[]>([
      { output_type: 'stream', name: 'stdout', text: 42 },
      { output_type: 'display_data', data: 'not a bundle' },
      { output_type: 'unknown', payload: [1, 2] }
    ]);
    expect(boundOutputs(outputs, limits)).toEqual(outputs);
  });
});
