import { nullTranslator } from '@jupyterlab/translation';
import { AxisPicker, IAxisChoice, MAX_DEFAULT_AXES } from './axisPicker';

const trans = nullTranslator.load('jupyterlab_runlog');

function choice(
  kind: IAxisChoice['kind'],
  name: string,
  varies = true
): IAxisChoice {
  return { kind, name, varies };
}

function box(picker: AxisPicker, key: string): HTMLInputElement {
  return picker.node.querySelector<HTMLInputElement>(
    `input[data-axis="${key}"]`
  )!;
}

describe('AxisPicker', () => {
  it('shows the varying dimensions by default, in the offered order', () => {
    const picker = new AxisPicker({ trans, changed: () => undefined });
    picker.setChoices([
      choice('param', 'lr'),
      choice('param', 'seed', false),
      choice('metric', 'loss'),
      choice('metric', 'lr')
    ]);
    expect(picker.chosen).toEqual([
      { kind: 'param', name: 'lr' },
      { kind: 'metric', name: 'loss' },
      { kind: 'metric', name: 'lr' }
    ]);
    expect(picker.node.querySelector('summary')!.textContent).toBe(
      'Axes (3 of 4)'
    );
    expect(box(picker, 'param:seed').checked).toBe(false);
  });

  it('shows every dimension when none varies, at most the cap', () => {
    const picker = new AxisPicker({ trans, changed: () => undefined });
    const many = Array.from({ length: MAX_DEFAULT_AXES + 3 }, (_, index) =>
      choice('param', `p${index}`, false)
    );
    picker.setChoices(many);
    expect(picker.chosen).toHaveLength(MAX_DEFAULT_AXES);
    expect(picker.chosen[0]).toEqual({ kind: 'param', name: 'p0' });
  });

  it('keeps the user’s ticks across new choices and reports changes', () => {
    const changed = jest.fn();
    const picker = new AxisPicker({ trans, changed });
    picker.setChoices([
      choice('param', 'lr'),
      choice('param', 'seed', false),
      choice('metric', 'loss')
    ]);
    const seed = box(picker, 'param:seed');
    seed.checked = true;
    seed.dispatchEvent(new Event('change'));
    const lr = box(picker, 'param:lr');
    lr.checked = false;
    lr.dispatchEvent(new Event('change'));
    expect(changed).toHaveBeenCalledTimes(2);
    expect(picker.chosen.map(item => item.name)).toEqual(['seed', 'loss']);
    // A new selection of runs: lr varies again, but the user left it out.
    picker.setChoices([
      choice('param', 'lr'),
      choice('param', 'seed'),
      choice('param', 'batch'),
      choice('metric', 'loss')
    ]);
    expect(picker.chosen.map(item => item.name)).toEqual([
      'seed',
      'batch',
      'loss'
    ]);
    expect(box(picker, 'param:lr').checked).toBe(false);
  });
});
