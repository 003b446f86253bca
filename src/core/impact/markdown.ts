/**
 * The impact statement as Markdown a reviewer reads in a minute: short sections, empty ones left out, tables
 * where they help, and ✍️ prompts for what only a human knows. Same analysis, same text.
 *
 * It is pasted into GitHub: every piece of repository text (paths, refs, incident titles and ids, commit
 * subjects, names, config values) goes through `e` (escaped prose, mentions broken) or `code` (a code span
 * it cannot leave), so it renders as the same words, runs no HTML and notifies nobody.
 */
import { DRAFT_MARKER } from '../quality/prBody';
import type { MonitoringPlan } from '../quality/qualityBar';
import { escapeMarkdown as e, markdownCode as code } from '../markdownText';
import type { ChecklistItem, ImpactAnalysis, TouchedLines } from './analyse';
import { messages, type Lang, type Messages } from './messages';

const MAX_ROWS = 10;

export function renderImpactMarkdown(analysis: ImpactAnalysis, lang: Lang = 'en'): string {
  const m = messages(lang);
  const { change } = analysis;
  const out: string[] = [DRAFT_MARKER, `### ${m.title}`, '', m.drafted, ''];
  out.push(...prompts(m.prompts.why, m.prompts.users), '');
  out.push(summaryLine(analysis, m), '');
  if (change.files.length === 0) {
    out.push(m.empty(code(change.base.ref), code(short(change.mergeBase))), '');
    return finish(out);
  }
  section(out, m.headings.areas, areasTable(analysis, m));
  section(out, m.headings.risky, riskyFiles(analysis, m, lang));
  section(out, m.headings.incidents, incidentsTable(analysis, m));
  section(out, m.headings.kinds, kinds(analysis, m));
  section(out, m.headings.coChanges, coChanges(analysis, m));
  section(out, m.headings.missingTests, missingTests(analysis, m));
  section(out, m.headings.reviewers, reviewers(analysis, m));
  section(out, m.headings.bar, qualityBar(analysis, m));
  const rollbackRequired = analysis.checklist.some((item) => item.requirement === 'rollbackPlan');
  section(out, `${m.headings.rollout}${rollbackRequired ? ` (${m.required})` : ''}`, prompts(m.prompts.rollout, m.prompts.rollback));
  const monitoring = analysis.checklist.find((item) => item.requirement === 'monitoring');
  section(out, `${m.headings.monitoring}${monitoring ? ` (${m.required})` : ''}`, monitoringLines(monitoring, m));
  return finish(out);
}

function finish(out: string[]): string {
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

function section(out: string[], heading: string, body: string[]): void {
  if (body.length === 0) return;
  out.push(`#### ${heading}`, '', ...body, '');
}

function prompt(label: string): string {
  return `> ✍️ **${label}:** …`;
}

/** One quote per prompt: consecutive `>` lines would render as a single paragraph. */
function prompts(...labels: string[]): string[] {
  return labels.flatMap((label, i) => (i === 0 ? [prompt(label)] : ['', prompt(label)]));
}

const short = (sha: string) => sha.slice(0, 7);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** An owner or reviewer: a handle (`@alice`, `@org/team`) as code, which shows it as written and notifies nobody; a name as text. */
function person(name: string): string {
  return name.startsWith('@') ? code(name) : e(name);
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

function limited<T>(items: readonly T[], m: Messages, render: (item: T) => string[]): string[] {
  const lines = items.slice(0, MAX_ROWS).flatMap(render);
  if (items.length > MAX_ROWS) lines.push(m.more(items.length - MAX_ROWS));
  return lines;
}

function limitedRows<T>(items: readonly T[], m: Messages, render: (item: T) => string[]): { rows: string[][]; more: string[] } {
  return { rows: items.slice(0, MAX_ROWS).map(render), more: items.length > MAX_ROWS ? [m.more(items.length - MAX_ROWS)] : [] };
}

function summaryLine({ change }: ImpactAnalysis, m: Messages): string {
  const parts = [`**${m.summary(change.commits.length, change.totals.files, change.totals.added, change.totals.removed)}**`, m.against(code(change.base.ref), code(short(change.mergeBase)), change.base.source)];
  parts.push(change.branch ? code(change.branch) : m.detached);
  if (change.uncommitted) parts.push(m.uncommitted);
  const binary = change.files.filter((file) => file.binary).length;
  if (binary > 0) parts.push(m.binary(binary));
  return parts.join(' · ');
}

function areasTable(analysis: ImpactAnalysis, m: Messages): string[] {
  if (analysis.areas.every((area) => area.name === undefined && area.level === 'none')) return [];
  const { rows, more } = limitedRows(analysis.areas, m, (area) => [
    `${area.name === undefined ? m.noArea : e(area.name)}${area.legacy ? ` (${m.legacy})` : ''}`,
    m.level[area.level],
    String(area.files.length),
    area.owners.map(person).join(', '),
  ]);
  return [...table([m.columns.area, m.columns.risk, m.columns.files, m.columns.owners], rows), ...more];
}

function linesText(lines: TouchedLines): string {
  return lines.ranges.map((range) => (range.start === range.end ? String(range.start) : `${range.start}-${range.end}`)).join(', ');
}

function riskyFiles(analysis: ImpactAnalysis, m: Messages, lang: Lang): string[] {
  const lines = limited(analysis.riskyFiles, m, (file) => [
    `- **${m.level[file.level]}** ${code(file.path)}${file.area ? ` (${e(file.area)})` : ''}`,
    ...file.touchedLines.map((touched) =>
      touched.source === 'ledger'
        ? `  - ⚠️ ${m.ledgerLines(linesText(touched), touched.incidents.map(e).join(', '))}`
        : `  - ⚠️ ${m.historyLines(linesText(touched), touched.commits.map((commit) => `${code(short(commit.sha))} ${e(commit.subject)}`).join(', '))}`,
    ),
    ...file.reasons.map((reason) => `  - ${e(reason.text)}`),
  ]);
  if (lines.length > 0 && analysis.lineHistory.checked < analysis.lineHistory.candidates) lines.push('', m.lineHistoryLimited(analysis.lineHistory.checked, analysis.lineHistory.candidates));
  if (lines.length > 0 && lang !== 'en' && m.reasonsInEnglish) lines.push('', m.reasonsInEnglish);
  return lines;
}

function incidentsTable(analysis: ImpactAnalysis, m: Messages): string[] {
  const { rows, more } = limitedRows(analysis.incidents, m, (incident) => [
    `${e(incident.id)}${incident.linesTouched ? ' ⚠️' : ''}`,
    incident.date, // validated YYYY-MM-DD
    m.incidentKind[incident.kind],
    incident.severity, // one of the schema's names
    e(incident.title),
    [`[${code(incident.file)}](${linkTarget(incident.file)})`, ...incident.links.map(externalLink)].join(' · '),
  ]);
  if (rows.length === 0) return [];
  return [...table([m.columns.incident, m.columns.date, m.columns.kind, m.columns.severity, m.columns.titleColumn, m.columns.postmortem], rows), ...more];
}

/** A relative link to a file of the repository: percent-encoded, in `<…>`, so no character of the path ends it early. */
function linkTarget(file: string): string {
  return `<${encodeURI(file).replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}>`;
}

/** An incident's link: an http(s) URL as an autolink when nothing in it can end the autolink, anything else as text. */
function externalLink(link: string): string {
  return /^https?:\/\/[^\s<>`]+$/.test(link) ? `<${link}>` : e(link);
}

function kinds(analysis: ImpactAnalysis, m: Messages): string[] {
  return analysis.kinds.map((kind) => {
    if (kind.kind === 'env') return `- **${m.changeKind.env}**: ${kind.details.map(code).join(', ')} (${fileList(kind.files)})`;
    if (kind.kind === 'rename') return `- **${m.changeKind.rename}**: ${kind.details.slice(0, MAX_ROWS).map((detail) => detail.split(' → ').map(code).join(' → ')).join(', ')}${more(kind.details.length, m)}`;
    const details = kind.details.length > 0 ? ` — ${kind.details.map(code).join(', ')}` : '';
    return `- **${m.changeKind[kind.kind]}**: ${fileList(kind.files)}${more(kind.files.length, m)}${details}`;
  });
}

function fileList(files: readonly string[]): string {
  return files.slice(0, MAX_ROWS).map(code).join(', ');
}

function more(count: number, m: Messages): string {
  return count > MAX_ROWS ? ` ${m.more(count - MAX_ROWS)}` : '';
}

function coChanges(analysis: ImpactAnalysis, m: Messages): string[] {
  const { rows, more: rest } = limitedRows(analysis.leftOutCoChanges, m, (left) => {
    const strongest = left.with[0]!;
    return [code(left.path), left.with.slice(0, 3).map((w) => code(w.path)).join(', '), m.coChangeRate(strongest.degree, strongest.sharedCommits)];
  });
  if (rows.length === 0) return [];
  return [...table([m.columns.notChanged, m.columns.changesWith, m.columns.howOften], rows), ...rest];
}

function missingTests(analysis: ImpactAnalysis, m: Messages): string[] {
  const { rows, more: rest } = limitedRows(analysis.missingTests, m, (missing) => [
    code(missing.path),
    missing.existing.length > 0 ? `${missing.existing.map(code).join(', ')} (${m.testExists})` : `${code(missing.expected[0]!)} (${m.testMissing})`,
  ]);
  if (rows.length === 0) return [];
  return [...table([m.columns.changed, m.columns.expectedTest], rows), ...rest];
}

function reviewers(analysis: ImpactAnalysis, m: Messages): string[] {
  return limited(analysis.reviewers, m, (reviewer) => [
    `- ${person(reviewer.name)} — ${reviewer.sources.map((source) => m.reviewerSource[source]).join(', ')}: ${fileList(reviewer.files)}${more(reviewer.files.length, m)}`,
  ]);
}

function qualityBar(analysis: ImpactAnalysis, m: Messages): string[] {
  const lines: string[] = [];
  const { bar } = analysis;
  if (bar.summary) lines.push(`> ${m.barStance}: ${e(bar.summary)}`, '');
  const tolerance = Object.entries(bar.tolerance).map(([kind, text]) => `${m.incidentKind[kind as keyof Messages['incidentKind']] ?? e(kind)} — ${e(text)}`);
  if (tolerance.length > 0) lines.push(`${m.tolerance} · ${tolerance.join(' · ')}`, '');
  if (bar.defaults) lines.push(m.barDefaults, '');
  for (const item of analysis.checklist) lines.push(checklistLine(item, m));
  for (const line of analysis.budget?.lines ?? []) {
    const text = m.budgetLine(line.count, line.kind, analysis.budget!.label, line.limit);
    lines.push(line.exceeded ? `- ⛔ **${text}: ${m.budgetExceeded(e(analysis.budget!.onExceeded))}**` : `- ${text}`);
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.some((line) => line.startsWith('- ')) || bar.summary || tolerance.length > 0 ? lines : [];
}

function checklistLine(item: ChecklistItem, m: Messages): string {
  const box = item.status === 'met' ? '[x]' : '[ ]';
  const label = m.requirement[item.requirement];
  let detail = '';
  switch (item.requirement) {
    case 'testChanges':
      detail = item.missing.length > 0 ? m.missingFor(fileList(item.missing) + more(item.missing.length, m)) : '';
      break;
    case 'impactStatement':
      detail = item.status === 'met' ? '' : m.completePrompts;
      break;
    case 'ownerReview':
      detail = item.owners.length > 0 ? m.ownersToAsk(item.owners.map(person).join(', ')) : '';
      break;
    case 'featureFlag':
      detail = item.status === 'met' ? m.flagDetected : m.flagMissing;
      break;
    case 'rollbackPlan':
    case 'monitoring':
      detail = item.status === 'met' ? '' : m.seeBelow;
      break;
  }
  const scope = item.requirement === 'testChanges' && item.missing.length > 0 ? '' : ` (${fileList(item.files)}${more(item.files.length, m)})`;
  return `- ${box} ${label}${detail ? ` — ${detail}` : ''}${scope} _${item.rules.map(e).join(', ')}_`;
}

function monitoringLines(item: ChecklistItem | undefined, m: Messages): string[] {
  const lines = item?.monitoring ? monitoringPlanLines(item.monitoring, m) : [];
  if (lines.length > 0) lines.push('');
  lines.push(prompt(m.prompts.watch));
  return lines;
}

/** What the team's rules already say to watch, as the draft lists it; the author's own plan goes below. */
export function monitoringPlanLines(plan: MonitoringPlan, m: Messages): string[] {
  const lines: string[] = [];
  if (plan.dashboards.length) lines.push(`- ${m.monitoring.dashboards}: ${plan.dashboards.map(e).join(', ')}`);
  if (plan.alerts.length) lines.push(`- ${m.monitoring.alerts}: ${plan.alerts.map(e).join(', ')}`);
  if (plan.logs.length) lines.push(`- ${m.monitoring.logs}: ${plan.logs.map(e).join(', ')}`);
  if (plan.days) lines.push(`- ${m.monitoring.days(plan.days)}`);
  return lines;
}
