/**
 * How the extension speaks the display language. Pure (no vscode), so the text-building modules stay
 * unit-testable:
 * - Modules that import vscode translate with `vscode.l10n.t('English text {0}', arg)`.
 * - Pure modules (riskText, hoverContent, explainMarkdown, qualityBarModel, incidentTreeModel, …) use
 *   `t` of @vscode/l10n, which reads the same bundle format: `configureL10n` (called first in activate)
 *   hands it the bundle VS Code chose (`vscode.l10n.bundle`); unconfigured (unit tests, English) it
 *   returns the English text. The CLI configures it the same way for `--lang ja` (src/cli/l10n.ts).
 * The English text is the key: `npm run l10n:export` collects every literal into l10n/bundle.l10n.json,
 * and l10n/bundle.l10n.ja.json holds the Japanese (test/unit/l10n checks that nothing is missing).
 * Core texts with their own en/ja tables (impact/messages.ts, risk/reasonsJa.ts) are picked by `coreLang()`.
 */
import * as l10n from '@vscode/l10n';
import type { FileRole } from '../core/files/roles';
import type { Lang } from '../core/impact/messages';
import { langOf } from './impact/langOf';

let current: Lang = 'en';

/** `language`: VS Code's `env.language`; `bundle`: `vscode.l10n.bundle` (undefined in English). */
export function configureL10n(language: string, bundle: Record<string, string> | undefined): void {
  current = langOf(language);
  if (bundle) l10n.config({ contents: bundle });
}

/** The language of the core's own en/ja texts (reasons, impact statement, quality bar wording). */
export function coreLang(): Lang {
  return current;
}

/** "source code", "documentation": a file role as the editor names it. */
export function roleLabel(role: FileRole): string {
  switch (role) {
    case 'source': return l10n.t('source code');
    case 'test': return l10n.t('test');
    case 'docs': return l10n.t('documentation');
    case 'build': return l10n.t('build or CI configuration');
    case 'lint': return l10n.t('lint or editor configuration');
    case 'manifest': return l10n.t('dependency manifest');
    case 'lockfile': return l10n.t('lockfile');
    case 'generated': return l10n.t('generated');
    case 'vendored': return l10n.t('vendored');
    case 'team': return l10n.t('team file (.changerisk)');
  }
}

/** A risk level or an incident's severity in words ("high", "critical"); an unknown value as it is. */
export function levelText(level: string): string {
  switch (level) {
    case 'critical': return l10n.t('critical');
    case 'high': return l10n.t('high');
    case 'medium': return l10n.t('medium');
    case 'low': return l10n.t('low');
    case 'none': return l10n.t('none');
    default: return level;
  }
}

/** An incident kind in words ("near-miss"); a kind the ledger invented as it is. */
export function kindText(kind: string): string {
  switch (kind) {
    case 'incident': return l10n.t('incident');
    case 'regression': return l10n.t('regression');
    case 'user-inquiry': return l10n.t('user inquiry');
    case 'near-miss': return l10n.t('near-miss');
    default: return kind;
  }
}

/** An incident's or an action item's status in words. */
export function statusWord(status: string): string {
  switch (status) {
    case 'open': return l10n.t('open');
    case 'mitigated': return l10n.t('mitigated');
    case 'resolved': return l10n.t('resolved');
    case 'in-progress': return l10n.t('in progress');
    case 'done': return l10n.t('done');
    default: return status;
  }
}

/** ", " in English, "、" in Japanese: between the items of a list in a sentence. */
export function listSeparator(): string {
  return l10n.t(', ');
}
