import type { KernelMessage } from '@jupyterlab/services';
import { CellStartTimes } from './cellStartTimes';

function executeInput(count: number | null): KernelMessage.IMessage {
  return {
    header: { msg_type: 'execute_input' },
    content: { execution_count: count, code: '' }
  } as unknown as KernelMessage.IMessage;
}

describe('CellStartTimes', () => {
  it('takes the start the kernel announced for the execution count', () => {
    const times = new CellStartTimes();
    times.scheduled('a', 100);
    times.iopubMessage(executeInput(7), 250);
    expect(times.startOf('a', 7, 400)).toBe(250);
  });

  it('without an announcement, starts a queued cell when the one before it ended', () => {
    const times = new CellStartTimes();
    // Run All: both scheduled at once, the second waits for the first.
    times.scheduled('a', 100);
    times.scheduled('b', 101);
    expect(times.startOf('a', null, 300)).toBe(100);
    expect(times.startOf('b', null, 500)).toBe(300);
  });

  it('never starts a cell after it ended, and ignores other messages', () => {
    const times = new CellStartTimes();
    times.iopubMessage({
      header: { msg_type: 'status' },
      content: {}
    } as unknown as KernelMessage.IMessage);
    times.iopubMessage(executeInput(3), 900);
    expect(times.startOf('x', 3, 800)).toBe(800);
  });

  it('forgets announced and scheduled starts once the kernel is gone', () => {
    const times = new CellStartTimes();
    times.scheduled('a', 100);
    times.iopubMessage(executeInput(1), 150);
    times.clear();
    expect(times.startOf('a', 1, 400)).toBe(400);
  });
});
