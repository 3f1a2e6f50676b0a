import { NotebookModel } from '@jupyterlab/notebook';
import { ExperimentClaim } from './experimentClaim';
import { readExperiment } from '../notebook/notebookIdentity';

const PATH = 'work/train.ipynb';

/** A store whose claim answers when the test says so. */
function pendingStore() {
  let answer!: (id: string) => void;
  let fail!: (error: Error) => void;
  const asked: [string, string][] = [];
  const store = {
    claimExperiment: (path: string, candidate: string) => {
      asked.push([path, candidate]);
      return new Promise<string>((resolve, reject) => {
        answer = resolve;
        fail = reject;
      });
    }
  };
  return {
    store,
    asked,
    answer: (id: string) => answer(id),
    fail: () => fail(new Error('no database'))
  };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('ExperimentClaim', () => {
  it('holds steps back until the store decides, then runs them in order', async () => {
    const claim = new ExperimentClaim();
    const model = new NotebookModel();
    const { store, asked, answer } = pendingStore();
    const done: string[] = [];
    expect(claim.defer(() => done.push('early'))).toBe(false);

    const decided: string[] = [];
    claim.start(
      store,
      model,
      PATH,
      'mine',
      e => decided.push(e.id),
      () => done.push(`first:${readExperiment(model, PATH)?.id}`)
    );
    expect(claim.defer(() => done.push('second'))).toBe(true);
    await settle();
    expect(done).toEqual([]);
    expect(asked).toEqual([[PATH, 'mine']]);

    // Another tab claimed the path first: its id wins and is written here.
    answer('theirs');
    await settle();
    expect(decided).toEqual(['theirs']);
    expect(done).toEqual(['first:theirs', 'second']);
    expect(claim.claimed).toEqual({ id: 'theirs', name: 'train' });
    expect(claim.defer(() => undefined)).toBe(false);
  });

  it('keeps capturing under its own id when the store cannot answer', async () => {
    const claim = new ExperimentClaim();
    const model = new NotebookModel();
    const { store, fail } = pendingStore();
    const done: string[] = [];
    claim.start(
      store,
      model,
      PATH,
      'mine',
      () => undefined,
      () => done.push(readExperiment(model, PATH)!.id)
    );
    fail();
    await settle();
    expect(done).toEqual(['mine']);
  });

  it('still runs the waiting steps when the notebook closed meanwhile', async () => {
    const claim = new ExperimentClaim();
    const model = new NotebookModel();
    const { store, answer } = pendingStore();
    const done: string[] = [];
    claim.start(
      store,
      model,
      PATH,
      'mine',
      () => undefined,
      () => done.push('step')
    );
    model.dispose();
    answer('theirs');
    await settle();
    expect(done).toEqual(['step']);
    expect(claim.claimed?.id).toBe('theirs');
  });
});
