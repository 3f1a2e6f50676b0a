/**
 * Params read back from MLflow's text: bare words stay text without going
 * through the parsers (whose exceptions made pulling 10,000 runs slow).
 */
import * as pythonLiteral from '../python/pythonLiteral';
import { paramRecord } from './pulledRunFields';

describe('paramRecord', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keeps a bare word as text without parsing it as a Python literal', () => {
    const parse = jest.spyOn(pythonLiteral, 'parsePythonLiteral');
    expect(paramRecord('adam')).toEqual({
      value: 'adam',
      source: 'adam',
      type: 'str'
    });
    expect(paramRecord(' relu_6 ')).toEqual({
      value: ' relu_6 ',
      source: ' relu_6 ',
      type: 'str'
    });
    expect(parse).not.toHaveBeenCalled();
  });

  it.each([
    ['True', true, 'bool'],
    ['false', false, 'bool'],
    ['None', null, 'NoneType'],
    ['null', null, 'NoneType'],
    ['3', 3, 'int'],
    ["['a', 1]", ['a', 1], 'list'],
    ['a b', 'a b', 'str'],
    ['NaN', 'NaN', 'str']
  ])('reads %p as before', (source, value, type) => {
    expect(paramRecord(source)).toEqual({ value, source, type });
  });
});
