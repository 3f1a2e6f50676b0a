import { executeCells, hasPython } from '../__fixtures__/runPython';
import { parseParameters } from './parameters';
import { KEYWORDS, STATEMENT_KEYWORDS, VALUE_KEYWORDS } from './pythonLexicon';
import { parsePythonLiteral } from './pythonLiteral';
import { expressionReads, isName, scanStatements } from './pythonScan';

describe('pythonLexicon', () => {
  (hasPython ? it : it.skip)('knows the keywords Python knows', () => {
    const [values] = executeCells(['import keyword\nwords = keyword.kwlist']);
    const words = values!.words[1] as string[];
    expect([...KEYWORDS].sort()).toEqual([...words].sort());
    expect(
      [...VALUE_KEYWORDS, ...STATEMENT_KEYWORDS].sort((a, b) =>
        a < b ? -1 : 1
      )
    ).toEqual([...words].sort());
  });

  it('has the parameters reader and the scanner agree that no keyword is a name', () => {
    for (const word of KEYWORDS) {
      const [statement] = scanStatements(word);
      expect([word, isName(statement.tokens[0])]).toEqual([word, false]);
      expect([word, parseParameters(`${word} = 1`).assignments]).toEqual([
        word,
        []
      ]);
      expect([
        word,
        expressionReads(`a ${word} b`)?.names.has(word)
      ]).not.toEqual([word, true]);
    }
  });

  it('reads numbers the same way in the scanner and the literal parser', () => {
    const numbers = [
      '0',
      '1_000',
      '0x_ff',
      '0o17',
      '0b1_0',
      '1.',
      '.5',
      '1.5e-3',
      '1e5'
    ];
    const malformed = ['1_', '1__0', '0x', '1e', '1._5', '1e5_'];
    for (const text of numbers) {
      expect([text, scanStatements(text)[0].tokens.map(t => t.kind)]).toEqual([
        text,
        ['number']
      ]);
      expect([text, parsePythonLiteral(text).ok]).toEqual([text, true]);
    }
    for (const text of malformed) {
      const kinds = scanStatements(text)[0].tokens.map(t => t.kind);
      expect([text, kinds.includes('error')]).toEqual([text, true]);
      expect([text, parsePythonLiteral(text).ok]).toEqual([text, false]);
    }
  });
});
