import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tableText } from '../../webviews/common/dom';

// The pages' one data-table builder (webviews/common/dom.ts) writes these texts into its cells;
// the DOM part needs a browser (the UI tier reads the tables' cells in VS Code).
describe('data tables: what each cell says', () => {
  it('writes numbers with the page’s format and leaves text as it is, row by row, cell by cell', () => {
    const format = (v: number) => `<${v.toFixed(1)}>`;
    assert.deepEqual(
      tableText(
        [
          ['train', 10, 0.25],
          ['test', 3, 2],
        ],
        format,
      ),
      [
        ['train', '<10.0>', '<0.3>'],
        ['test', '<3.0>', '<2.0>'],
      ],
    );
  });

  it('keeps a number-like string as text and an empty table empty', () => {
    assert.deepEqual(
      tableText([['0.5', 0.5]], (v) => String(v * 100)),
      [['0.5', '50']],
    );
    assert.deepEqual(
      tableText([], () => 'x'),
      [],
    );
    assert.deepEqual(
      tableText([[]], () => 'x'),
      [[]],
    );
  });
});
