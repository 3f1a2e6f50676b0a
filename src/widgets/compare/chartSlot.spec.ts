import {
  metricByRunSpec,
  parallelCoordinatesSpec,
  seriesSpec
} from '../../charts/specs';
import { chartRun } from '../../charts/__tests__/runs';
import { runView } from '../../charts/__tests__/vegaLite';
import { chartFailureReason, drawnMarks } from './chartSlot';

const series = (length: number): [number, number][] =>
  Array.from({ length }, (_, step) => [step, 1 / (step + 1)]);

const runs = [
  chartRun(1, { lr: 0.1, model: 'a' }, { loss: series(5), acc: 0.7 }),
  chartRun(2, { lr: 0.2, model: 'b' }, { loss: series(8), acc: 0.8 }),
  chartRun(3, { lr: 0.3, model: 'a' }, { acc: 0.9 })
];

async function marksOf(spec: Parameters<typeof runView>[0]) {
  const view = await runView(spec);
  return drawnMarks((view.scenegraph() as unknown as { root: unknown }).root);
}

describe('drawnMarks', () => {
  it('counts one bar per run, nothing for axes', async () => {
    expect(await marksOf(metricByRunSpec(runs, 'acc'))).toEqual({
      marks: 3
    });
  });

  it('counts a line per run and each hover target', async () => {
    expect(await marksOf(seriesSpec(runs, 'loss', { width: 400 }))).toEqual({
      lines_marks: 2,
      points_marks: 13
    });
  });

  it('counts each segment and point of parallel coordinates', async () => {
    const marks = await marksOf(
      parallelCoordinatesSpec(runs, [
        { kind: 'param', name: 'lr' },
        { kind: 'param', name: 'model' },
        { kind: 'metric', name: 'acc' }
      ])
    );
    expect(marks).toMatchObject({
      lines_marks: 6,
      points_marks: 9,
      axes_marks: 3
    });
  });
});

describe('chartFailureReason', () => {
  it.each([
    [
      new Error('Unrecognized signal name: "x"'),
      'Unrecognized signal name: "x"'
    ],
    [new Error('Expression parse error\nat line 2'), 'Expression parse error'],
    ['Operator not defined', 'Operator not defined'],
    [new Error('   '), ''],
    [undefined, ''],
    [{ message: 'not an Error' }, '']
  ])('says why %p could not be drawn: %j', (reason, expected) => {
    expect(chartFailureReason(reason)).toBe(expected);
  });

  it('shortens a long message to one line of at most 200 characters', () => {
    const reason = chartFailureReason(new Error('x'.repeat(5000)));
    expect(reason).toHaveLength(200);
    expect(reason.endsWith('…')).toBe(true);
  });
});
