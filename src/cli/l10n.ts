/**
 * The CLI's `--lang` and the editor share one catalogue: for `ja`, @vscode/l10n gets
 * l10n/bundle.l10n.ja.json, the bundle VS Code loads for a Japanese display, so a text translated once
 * (any `l10n.t` of core or of the pure editor modules) reads the same in both. The JSON is inlined by
 * esbuild: the CLI reads no file at run time. Texts with their own en/ja tables (core/impact/messages.ts,
 * core/risk/reasonsJa.ts) are picked by the `lang` passed to the engine, as before.
 */
import * as l10n from '@vscode/l10n';
import type { Lang } from '../core/impact/messages';
import japanese from '../../l10n/bundle.l10n.ja.json';

export function useLanguage(lang: Lang): void {
  l10n.config({ contents: lang === 'ja' ? japanese : {} });
}
