/**
 * `npm run l10n:export`: writes l10n/bundle.l10n.json (the English catalogue) from the sources, as
 * `npx @vscode/l10n-dev export` would (that tool is not a dependency: it needs the network to install).
 * Then translate the new keys in l10n/bundle.l10n.ja.json; test/unit/l10n fails until every key has one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { englishBundle, scanSources } from './messages';

const root = path.resolve(__dirname, '../..');
const { messages, problems } = scanSources(root);
for (const problem of problems) console.error(problem);
const bundle = englishBundle(messages);
fs.mkdirSync(path.join(root, 'l10n'), { recursive: true });
fs.writeFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
const ja = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.ja.json'), 'utf8').toString() || '{}') as Record<string, string>;
const untranslated = Object.keys(bundle).filter((key) => !ja[key]);
console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} texts; ${untranslated.length} without Japanese${untranslated.length ? `:\n  ${untranslated.join('\n  ')}` : ''}`);
if (problems.length > 0) process.exitCode = 1;
