import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useLanguage } from '../../webviews/common/l10n';
import { fmtNum } from '../../webviews/common/panelKit';

describe("the panels' numbers follow the page language", () => {
  it('a decimal comma in French, a point in English, switched live', () => {
    useLanguage('fr');
    assert.equal(fmtNum(0.25), '0,25');
    assert.equal(fmtNum(-1.5, 3), '-1,5');
    assert.equal(fmtNum(0.0001), '1,00e-4');
    assert.equal(fmtNum(12), '12');
    useLanguage('en');
    assert.equal(fmtNum(0.25), '0.25');
    assert.equal(fmtNum(0.0001), '1.00e-4');
  });
});
