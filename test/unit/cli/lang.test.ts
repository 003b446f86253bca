import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { useLanguage } from '../../../src/cli/l10n';

describe('the CLI’s --lang and the editor’s catalogue', () => {
  after(() => useLanguage('en'));

  it('translates with l10n/bundle.l10n.ja.json for ja and speaks English for en', () => {
    useLanguage('ja');
    assert.equal(l10n.t('Risk: {0}', l10n.t('high')), 'リスク: 高');
    assert.equal(l10n.t('{0} incidents', 3), 'インシデント 3 件');
    useLanguage('en');
    assert.equal(l10n.t('Risk: {0}', l10n.t('high')), 'Risk: high');
  });
});
