import { ROLE_LABELS } from '../../core/files/roles';
import * as path from 'node:path';
import type { FileExplanation } from '../../core/engine';
import { isoDate, plural } from '../../core/risk/format';
import { explanationJson, repositoryJson } from '../../core/reportJson';
import { ExitCode, type Command } from '../cliTypes';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, openEngine } from '../engineOptions';
import { painter, printError, printJson, printLines, table } from '../output';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'everything known about one file: level, reasons, incidents, risky lines, co-changes',
  usage: 'change-risk explain <path> [--json]',
  details: `Arguments:
  <path>             a file of the repository, relative to the current folder (to --repo when given) or absolute

Options:
  --json             machine-readable output (shape: docs/cli.md)

${ENGINE_OPTIONS_HELP}`,
  options: { ...ENGINE_OPTIONS, json: { type: 'boolean' } },
  argument: 'path',
  async run({ values, positionals }) {
    const engine = await openEngine({ values, positionals });
    // Like `git -C`: with --repo, a relative path is read from that folder.
    const file = engine.relativePath(positionals[0]!, typeof values.repo === 'string' ? path.resolve(values.repo) : process.cwd());
    const explanation = await engine.explain(file);
    if (!explanation) {
      const reason = engine.risk.roleOf(file) === 'team'
        ? 'it is a team file (.changerisk/): the record of incidents, not code at risk'
        : engine.history.isIgnored(file)
          ? 'it is ignored by history.ignorePaths'
          : 'it is not tracked at HEAD';
      printError(`change-risk: no history for ${file}: ${reason}`);
      return ExitCode.failure;
    }
    if (values.json) printJson({ ...repositoryJson(engine), file: explanationJson(explanation) });
    else printLines(renderExplanation(explanation, engine.team.config.risk.roles));
    return ExitCode.ok;
  },
};

function renderExplanation({ risk, owners, coChanges, lineMarks, recentFixes }: FileExplanation, ratedRoles: readonly string[]): string[] {
  const paint = painter(process.stdout);
  const { stats } = risk;
  const { rated } = risk;
  const heading = rated ? `${paint.level(risk.level, `${risk.level} risk`)}${risk.rank ? ` (#${risk.rank})` : ''}` : paint.dim(`${ROLE_LABELS[risk.role]} — not rated`);
  const lines = [`${paint.bold(risk.path)}  ${heading}`];
  if (stats.formerPaths.length > 0) lines.push(`  formerly ${stats.formerPaths.join(', ')}`);
  if (risk.area) lines.push(`  area ${risk.area.name}${risk.area.legacy ? ' (legacy)' : ''}${owners.length ? ` · owners ${owners.join(', ')}` : ''}`);
  if (rated) {
    lines.push('', paint.bold('Why'));
    if (risk.reasons.length === 0) lines.push('  nothing in its history or the ledger points at risk');
    for (const reason of risk.reasons) lines.push(`  · ${reason.text}`);
  } else {
    lines.push('', `  Only ${ratedRoles.join(' and ')} files get a risk level (risk.roles in .changerisk/config.yaml).`);
  }

  lines.push('', paint.bold('History'));
  const authors = stats.authors.slice(0, 3).map((a) => `${a.name} ${a.commits}${a.active ? '' : ' (inactive)'}`);
  lines.push(
    ...table([
      ['  role', ROLE_LABELS[risk.role]],
      ['  commits', `${stats.commits} (${plural(stats.fixes, 'fix', 'fixes')}${stats.reverts > 0 ? `, ${plural(stats.reverts, 'revert')}` : ''}${stats.reverted > 0 ? `, ${stats.reverted} reverted` : ''}, ${stats.recentCommits} in the last 6 months)`],
      ['  changed', stats.firstChange ? `${isoDate(stats.firstChange)} → ${isoDate(stats.lastChange)}` : 'never'],
      ['  authors', `${stats.authors.length} (${stats.activeAuthors} active): ${authors.join(', ') || '-'}`],
      ['  fix score', stats.fixScore.toFixed(3)],
    ]),
  );

  if (risk.incidents.length > 0) {
    lines.push('', paint.bold('Incidents'));
    lines.push(...table(risk.incidents.map((i) => [`  ${i.id}`, i.date, i.kind, i.severity, `${i.title}  ${paint.dim(i.file)}`])));
  }
  if (lineMarks.length > 0) {
    lines.push('', paint.bold('Risky lines'));
    lines.push(
      ...table(
        lineMarks.map((mark) => [
          `  ${mark.start === mark.end ? mark.start : `${mark.start}-${mark.end}`}`,
          mark.source,
          [...mark.incidents.map((i) => `${i.id} ${i.kind}`), ...mark.commits.map((c) => `${c.sha.slice(0, 7)} ${c.why ?? c.subject}`)].join('; '),
        ]),
      ),
    );
  }
  if (recentFixes.length > 0) {
    lines.push('', paint.bold('Recent fixes and reverts'));
    lines.push(...table(recentFixes.map((c) => [`  ${c.sha.slice(0, 7)}`, isoDate(c.time), c.author, c.why ?? c.subject])));
  }
  if (coChanges.length > 0) {
    lines.push('', paint.bold('Usually changes with'));
    lines.push(...table(coChanges.slice(0, 10).map((c) => [`  ${c.degree}%`, `${c.sharedCommits} shared commits`, c.path]), [0]));
  }
  return lines;
}
