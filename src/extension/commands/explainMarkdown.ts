/**
 * The explanation of one file as Markdown: the same sections as `change-risk explain`. A file of a role
 * that is not rated (docs, manifests, lint configuration, postmortems…) shows its role instead of a
 * level, and no reasons: its history is there for reference. Pure; repository text escaped.
 */
import * as l10n from '@vscode/l10n';
import type { FileExplanation } from '../../core/engine';
import type { FileRole } from '../../core/files/roles';
import { isoDate } from '../../core/risk/format';
import { escapeMarkdown as e, markdownCode } from '../markdown';
import { kindText, levelText } from '../l10n';
import { levelRisk, notRatedSentence, notRatedText, reasonsOf, roleLabel } from '../riskText';

/** `ratedRoles`: the roles that get a level (the config's `risk.roles`). */
export function explanationMarkdown(explanation: FileExplanation, warnings: readonly string[] = [], ratedRoles: readonly FileRole[] = ['source']): string {
  // Bots count for nothing: the engine marks no line by their commits (History.marksLines).
  const { risk, owners, coChanges, recentFixes, lineMarks } = explanation;
  const { stats } = risk;
  const rated = ratedRoles.includes(risk.role);
  const lines = [`# ${e(risk.path)}`, '', rated ? `**${levelRisk(risk.level)}**${risk.rank ? ` (#${risk.rank})` : ''}` : `**${e(notRatedText(risk.role))}**`];
  if (!rated) lines.push('', e(notRatedSentence({ role: risk.role, ratedRoles })));
  if (stats.formerPaths.length > 0) lines.push('', l10n.t('Formerly {0}', stats.formerPaths.map(markdownCode).join(', ')));
  if (risk.area) {
    const area = risk.area.legacy ? l10n.t('Area **{0}** (legacy)', e(risk.area.name)) : l10n.t('Area **{0}**', e(risk.area.name));
    lines.push('', `${area}${owners.length ? ` · ${l10n.t('owners {0}', owners.map(e).join(', '))}` : ''}`);
  }
  for (const warning of warnings) lines.push('', `> ${e(warning)}`);
  if (rated) {
    lines.push('', `## ${l10n.t('Why')}`, '');
    if (risk.reasons.length === 0) lines.push(l10n.t('Nothing in its history or the ledger points at risk.'));
    for (const reason of reasonsOf(risk)) lines.push(`- ${e(reason.text)}`);
  }

  const authors = stats.authors.slice(0, 3).map((a) => `${e(a.name)} ${a.commits}${a.active ? '' : ` ${l10n.t('(inactive)')}`}`);
  const fixes = stats.fixCommits === 1 ? l10n.t('1 fix') : l10n.t('{0} fixes', stats.fixCommits);
  const commits = stats.reverts + stats.reverted > 0
    ? l10n.t('{0} ({1} and reverts, {2} in the last 6 months)', stats.commits, fixes, stats.recentCommits)
    : l10n.t('{0} ({1}, {2} in the last 6 months)', stats.commits, fixes, stats.recentCommits);
  lines.push(
    '',
    `## ${l10n.t('History')}`,
    '',
    '| | |',
    '| --- | --- |',
    `| ${l10n.t('role')} | ${e(roleLabel(risk.role))} |`,
    `| ${l10n.t('commits')} | ${commits} |`,
    `| ${l10n.t('changed')} | ${stats.firstChange ? `${isoDate(stats.firstChange)} → ${isoDate(stats.lastChange)}` : l10n.t('never')} |`,
    `| ${l10n.t('authors')} | ${l10n.t('{0} ({1} active): {2}', stats.authors.length, stats.activeAuthors, authors.join(', ') || '-')} |`,
    `| ${l10n.t('fix score')} | ${stats.fixScore.toFixed(3)} |`,
  );
  if (risk.incidents.length > 0) {
    const head = [l10n.t('id'), l10n.t('date'), l10n.t('kind'), l10n.t('severity'), l10n.t('title'), l10n.t('file')];
    lines.push('', `## ${l10n.t('Incidents')}`, '', `| ${head.join(' | ')} |`, '| --- | --- | --- | --- | --- | --- |');
    for (const i of risk.incidents) lines.push(`| ${e(i.id)} | ${e(i.date)} | ${e(kindText(i.kind))} | ${e(levelText(i.severity))} | ${e(i.title)} | ${e(i.file)} |`);
  }
  if (lineMarks.length > 0) {
    lines.push('', `## ${rated ? l10n.t('Risky lines') : l10n.t('Lines with a history')}`, '', `| ${l10n.t('lines')} | ${l10n.t('source')} | ${l10n.t('why')} |`, '| --- | --- | --- |');
    for (const mark of lineMarks) {
      const why = [...mark.incidents.map((i) => `${i.id} ${kindText(i.kind)}`), ...mark.commits.map((c) => `${c.sha.slice(0, 7)} ${c.why ?? c.subject}`)].join('; ');
      lines.push(`| ${mark.start === mark.end ? mark.start : `${mark.start}-${mark.end}`} | ${mark.source} | ${e(why)} |`);
    }
  }
  const recent = recentFixes.filter((c) => !c.bot);
  if (recent.length > 0) {
    lines.push('', `## ${l10n.t('Recent fixes and reverts')}`, '', `| ${l10n.t('commit')} | ${l10n.t('date')} | ${l10n.t('author')} | ${l10n.t('why it counts')} |`, '| --- | --- | --- | --- |');
    for (const c of recent) lines.push(`| ${c.sha.slice(0, 7)} | ${isoDate(c.time)} | ${e(c.author)} | ${e(c.why ?? c.subject)} |`);
  }
  if (coChanges.length > 0) {
    lines.push('', `## ${l10n.t('Usually changes with')}`, '', `| ${l10n.t('degree')} | ${l10n.t('shared commits')} | ${l10n.t('file')} |`, '| --- | --- | --- |');
    for (const c of coChanges.slice(0, 10)) lines.push(`| ${c.degree}% | ${c.sharedCommits} | ${e(c.path)} |`);
  }
  return lines.join('\n') + '\n';
}
