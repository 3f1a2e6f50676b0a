/**
 * The notebooks the benchmarks open, written into the server's root folder.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

function codeCell(id, source, tags) {
  return {
    cell_type: 'code',
    id,
    execution_count: null,
    metadata: tags.length ? { tags } : {},
    outputs: [],
    source
  };
}

function notebook(cells, notebookId, experimentName) {
  return {
    cells,
    metadata: {
      kernelspec: {
        display_name: 'Python 3 (ipykernel)',
        language: 'python',
        name: 'python3'
      },
      language_info: { name: 'python' },
      runlog: { notebook_id: notebookId, experiment: experimentName }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
}

/** A parameters cell and `trackedCells` trivial cells tagged `experiment`. */
export function captureNotebook(notebookId, trackedCells) {
  const cells = [
    codeCell(
      'params',
      'learning_rate = 0.01\nepochs = 3\nbatch_size = 32\nmodel = "linear"\nseed = 17',
      ['parameters']
    )
  ];
  for (let index = 0; index < trackedCells; index++) {
    cells.push(
      codeCell(`tracked-${index}`, `x_${index} = ${index}`, ['experiment'])
    );
  }
  return notebook(cells, notebookId, 'capture benchmark');
}

/** A notebook that only names an experiment (its runs are written directly). */
export function experimentNotebook(notebookId, name) {
  return notebook(
    [codeCell('c0', 'print("runs of this notebook are generated")', [])],
    notebookId,
    name
  );
}

export function writeNotebook(rootDir, fileName, content) {
  writeFileSync(
    path.join(rootDir, fileName),
    JSON.stringify(content, null, 1) + '\n'
  );
}
