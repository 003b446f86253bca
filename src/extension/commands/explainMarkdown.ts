/**
 * The explanation of one file as Markdown: the same sections as `change-risk explain`. A file of a role
 * that is not rated (docs, manifests, lint configuration, postmortems…) shows its role instead of a
 * level, and no reasons: its history is there for reference. Pure; repository text escaped.
 */
import type { FileExplanation } from '../../core/engine';
import { ROLE_LABELS, type FileRole } from '../../core/files/roles';
import { isoDate, plural } from '../../core/risk/format';
import { escapeMarkdown as e, markdownCode } from '../markdown';
import { notRatedSentence, notRatedText } from '../riskText';

/** `ratedRoles`: the roles that get a level (the config's `risk.roles`). */
export function explanationMarkdown(explanation: FileExplanation, warnings: readonly string[] = [], ratedRoles: readonly FileRole[] = ['source']): string {
  // Bots count for nothing: the engine marks no line by their commits (History.marksLines).
  const { risk, owners, coChanges, recentFixes, lineMarks } = explanation;
  const { stats } = risk;
  const rated = ratedRoles.includes(risk.role);
  const lines = [`# ${e(risk.path)}`, '', rated ? `**${risk.level} risk**${risk.rank ? ` (#${risk.rank})` : ''}` : `**${e(notRatedText(risk.role))}**`];
  if (!rated) lines.push('', e(notRatedSentence({ role: risk.role, ratedRoles })));
  if (stats.formerPaths.length > 0) lines.push('', `Formerly ${stats.formerPaths.map(markdownCode).join(', ')}`);
  if (risk.area) lines.push('', `Area **${e(risk.area.name)}**${risk.area.legacy ? ' (legacy)' : ''}${owners.length ? ` · owners ${owners.map(e).join(', ')}` : ''}`);
  for (const warning of warnings) lines.push('', `> ${e(warning)}`);
  if (rated) {
    lines.push('', '## Why', '');
    if (risk.reasons.length === 0) lines.push('Nothing in its history or the ledger points at risk.');
    for (const reason of risk.reasons) lines.push(`- ${e(reason.text)}`);
  }

  const authors = stats.authors.slice(0, 3).map((a) => `${e(a.name)} ${a.commits}${a.active ? '' : ' (inactive)'}`);
  lines.push(
    '',
    '## History',
    '',
    '| | |',
    '| --- | --- |',
    `| role | ${e(ROLE_LABELS[risk.role])} |`,
    `| commits | ${stats.commits} (${plural(stats.fixCommits, 'fix', 'fixes')}${stats.reverts + stats.reverted > 0 ? ' and reverts' : ''}, ${stats.recentCommits} in the last 6 months) |`,
    `| changed | ${stats.firstChange ? `${isoDate(stats.firstChange)} → ${isoDate(stats.lastChange)}` : 'never'} |`,
    `| authors | ${stats.authors.length} (${stats.activeAuthors} active): ${authors.join(', ') || '-'} |`,
    `| fix score | ${stats.fixScore.toFixed(3)} |`,
  );
  if (risk.incidents.length > 0) {
    lines.push('', '## Incidents', '', '| id | date | kind | severity | title | file |', '| --- | --- | --- | --- | --- | --- |');
    for (const i of risk.incidents) lines.push(`| ${e(i.id)} | ${e(i.date)} | ${e(i.kind)} | ${e(i.severity)} | ${e(i.title)} | ${e(i.file)} |`);
  }
  if (lineMarks.length > 0) {
    lines.push('', rated ? '## Risky lines' : '## Lines with a history', '', '| lines | source | why |', '| --- | --- | --- |');
    for (const mark of lineMarks) {
      const why = [...mark.incidents.map((i) => `${i.id} ${i.kind}`), ...mark.commits.map((c) => `${c.sha.slice(0, 7)} ${c.why ?? c.subject}`)].join('; ');
      lines.push(`| ${mark.start === mark.end ? mark.start : `${mark.start}-${mark.end}`} | ${mark.source} | ${e(why)} |`);
    }
  }
  const fixes = recentFixes.filter((c) => !c.bot);
  if (fixes.length > 0) {
    lines.push('', '## Recent fixes and reverts', '', '| commit | date | author | why it counts |', '| --- | --- | --- | --- |');
    for (const c of fixes) lines.push(`| ${c.sha.slice(0, 7)} | ${isoDate(c.time)} | ${e(c.author)} | ${e(c.why ?? c.subject)} |`);
  }
  if (coChanges.length > 0) {
    lines.push('', '## Usually changes with', '', '| degree | shared commits | file |', '| --- | --- | --- |');
    for (const c of coChanges.slice(0, 10)) lines.push(`| ${c.degree}% | ${c.sharedCommits} | ${e(c.path)} |`);
  }
  return lines.join('\n') + '\n';
}
