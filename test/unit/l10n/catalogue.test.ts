import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { englishBundle, placeholders, scanSources } from '../../../scripts/l10n/messages';
import { configureL10n } from '../../../src/extension/l10n';
import { budgetNode } from '../../../src/extension/views/qualityBarModel';
import { codeLensTitle, fileBadge, statusBarAccessibleName, statusBarText, type Rating } from '../../../src/extension/riskText';

const ROOT = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

/** Keys of `english` that `translated` lacks, leaves empty, or translates with other `{n}` placeholders. */
function translationProblems(english: Record<string, unknown>, translated: Record<string, unknown>, file: string): string[] {
  const problems: string[] = [];
  for (const [key, text] of Object.entries(english)) {
    const other = translated[key];
    if (typeof other !== 'string') problems.push(`${file}: no translation of ${JSON.stringify(key)}`);
    else if (other.trim() === '') problems.push(`${file}: empty translation of ${JSON.stringify(key)}`);
    else if (placeholders(String(text)).join() !== placeholders(other).join()) {
      problems.push(`${file}: ${JSON.stringify(key)} uses ${placeholders(String(text)).join(' ') || 'no placeholder'}, the translation ${placeholders(other).join(' ') || 'none'}`);
    }
  }
  for (const key of Object.keys(translated)) if (!(key in english)) problems.push(`${file}: ${JSON.stringify(key)} is not in the English catalogue (stale)`);
  return problems;
}

/** Every `%key%` value in the manifest, with where it is. */
function manifestKeys(value: unknown, where = 'package.json'): { key: string; where: string }[] {
  if (typeof value === 'string') {
    const match = /^%(.+)%$/.exec(value);
    return match ? [{ key: match[1]!, where }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => manifestKeys(item, `${where}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => manifestKeys(v, `${where}.${k}`));
  return [];
}

describe('the Japanese localisation', () => {
  it('translates every manifest text (package.nls.ja.json), with the same placeholders', () => {
    assert.deepEqual(translationProblems(readJson('package.nls.json'), readJson('package.nls.ja.json'), 'package.nls.ja.json'), []);
  });

  it('resolves every %key% of package.json in package.nls.json, and leaves no user-visible manifest text unlocalised', () => {
    const manifest = readJson('package.json');
    const nls = readJson('package.nls.json');
    assert.deepEqual(manifestKeys(manifest).filter(({ key }) => typeof nls[key] !== 'string').map(({ key, where }) => `${where}: %${key}% has no entry`), []);
    const contributes = manifest.contributes as Record<string, any>;
    const texts = [
      manifest.displayName,
      manifest.description,
      ...contributes.commands.flatMap((c: any) => [c.title, c.category]),
      contributes.configuration.title,
      ...Object.values(contributes.configuration.properties).flatMap((p: any) => [p.description, p.markdownDescription, ...(p.enumDescriptions ?? [])]),
      ...contributes.colors.map((c: any) => c.description),
      ...contributes.viewsContainers.activitybar.map((c: any) => c.title),
      ...Object.values(contributes.views).flatMap((views: any) => views.flatMap((v: any) => [v.name, v.contextualTitle])),
      ...contributes.viewsWelcome.map((w: any) => w.contents),
      ...contributes.walkthroughs.flatMap((w: any) => [w.title, w.description, ...w.steps.flatMap((s: any) => [s.title, s.description])]),
    ].filter((text) => text !== undefined);
    assert.deepEqual(texts.filter((text) => !/^%.+%$/.test(text)), [], 'every user-visible text is a %key%');
    assert.equal((manifest as { l10n?: string }).l10n, './l10n');
  });

  it('has every translated text of the sources in l10n/bundle.l10n.json, exactly (npm run l10n:export)', () => {
    const { messages, problems } = scanSources(ROOT);
    assert.deepEqual(problems, []);
    assert.ok(messages.length > 100 && messages.some((m) => m.file.startsWith('src/extension/') && m.message === 'Risk: {0}'), 'the scan finds the editor texts');
    assert.deepEqual(readJson('l10n/bundle.l10n.json'), englishBundle(messages));
  });

  it('translates every text of l10n/bundle.l10n.json in l10n/bundle.l10n.ja.json, with the same placeholders', () => {
    assert.deepEqual(translationProblems(readJson('l10n/bundle.l10n.json'), readJson('l10n/bundle.l10n.ja.json'), 'l10n/bundle.l10n.ja.json'), []);
  });

  it('reports a missing, an empty and a misnumbered translation', () => {
    const english = { 'Risk: {0}': 'Risk: {0}', 'Open File': 'Open File', 'Explain': 'Explain' };
    assert.deepEqual(translationProblems(english, { 'Risk: {0}': 'リスク', 'Open File': ' ', 'Old': 'x' }, 'ja'), [
      'ja: "Risk: {0}" uses {0}, the translation none',
      'ja: empty translation of "Open File"',
      'ja: no translation of "Explain"',
      'ja: "Old" is not in the English catalogue (stale)',
    ]);
  });

  describe('in the pure modules, with the Japanese bundle VS Code hands the extension', () => {
    before(() => configureL10n('ja', readJson('l10n/bundle.l10n.ja.json') as Record<string, string>));
    after(() => configureL10n('en', {}));

    it('writes the status bar, the badge tooltip, the CodeLens and the tree in Japanese, product name and repository text as they are', () => {
      const risk = { path: 'app/models/invoice.rb', level: 'high', rank: 1, area: { name: 'billing' }, legacy: undefined, incidents: [{}, {}], reasons: [{ kind: 'incident', text: 'INC-12 regression (2024-03)' }], role: 'source' } as unknown as Rating['risk'];
      const rating: Rating = { path: 'app/models/invoice.rb', risk, role: 'source', rated: true, ratedRoles: ['source'] };
      assert.equal(statusBarText(rating), '$(flame) リスク: 高 · billing');
      assert.equal(fileBadge(rating)?.tooltip, 'Change Risk: 高 — INC-12 regression (2024-03)');
      assert.equal(codeLensTitle(risk!, ['testChanges', 'impactStatement']), '$(warning) 高リスク · インシデント 2 件 · 品質基準: テスト + 影響範囲の説明');
      assert.equal(statusBarText({ ...rating, rated: false, role: 'docs' }), '$(shield) リスク: ドキュメント — 評価対象外');
      assert.equal(budgetNode(undefined, 'ja').label, 'インシデント予算なし');
      assert.equal(statusBarAccessibleName(rating, [], undefined), 'Change Risk: app/models/invoice.rb: 高リスク、billing。 クリックすると説明を表示します。');
    });
  });
});
