/**
 * The impact statement as Markdown a reviewer reads in a minute. On real pull requests the useful part was buried:
 * so the lines with a history come first (the one signal that pointed at later trouble), then each file that needs
 * a look, named once with everything that applies to it, then what kind of change it is. Empty sections are left
 * out; ✍️ prompts ask for what only a human knows, and rollout and monitoring only when the bar or the change calls
 * for them. Same analysis, same text.
 */
import { DRAFT_MARKER } from '../quality/prBody';
import type { ChecklistItem, ImpactAnalysis, RiskyFile } from './analyse';
import type { DependencyChange } from '../change/dependencies';
import type { ChangeKind } from '../change/kinds';
import type { MissingTest } from '../change/tests';
import type { LineWarning } from './overview';
import { messages, type Lang, type Messages } from './messages';
import { monitoringPlanLines } from './monitoringPlan';
import { changeRiskBlock, skippedReason, unavailableShort } from './changeRiskText';
import { percentText } from '../changes/explain';
import { changeRiskPercent, withinChangeRiskLimit, type ChangeRiskLimit } from '../quality/changeRiskRule';
import { escapeInline as t, escapeProse as prose, markdownCode as code } from '../markdownText';

const MAX_ROWS = 10;
const DAY = 24 * 3600;
/** Kinds that change how a release goes: they bring the rollout and monitoring prompts even when the bar does not. */
const DEPLOY_KINDS: readonly ChangeKind[] = ['migration', 'schema', 'dependencies', 'lockfile', 'config', 'env', 'feature-flags', 'jobs', 'build-deploy', 'routes'];
/** Said by the summary line and the files list already. */
const OVERVIEW_KINDS: readonly ChangeKind[] = ['rename', 'deletion'];

export function renderImpactMarkdown(analysis: ImpactAnalysis, lang: Lang = 'en'): string {
  const m = messages(lang);
  const { change } = analysis;
  const out: string[] = [DRAFT_MARKER, `### ${m.title}`, '', m.drafted, ''];
  // The change risk first: the one number a reviewer reads before deciding how closely to look.
  const risk = changeRiskBlock(analysis.changeRisk, lang);
  if (risk.length > 0) out.push(...risk, '');
  out.push(...prompts(m.prompts.why, m.prompts.users), '');
  out.push(summaryLine(analysis, m), '');
  if (change.files.length === 0) {
    out.push(m.empty(code(change.base.ref), code(short(change.mergeBase))), '');
    return finish(out);
  }
  section(out, m.headings.lines, lineWarnings(analysis, m));
  section(out, m.headings.files, filesToLookAt(analysis, m, lang));
  section(out, m.headings.kinds, kinds(analysis, m, lang));
  section(out, m.headings.incidents, incidents(analysis, m));
  section(out, m.headings.reviewers, reviewers(analysis, m));
  section(out, m.headings.bar, qualityBar(analysis, m));
  const deployKind = analysis.kinds.some((kind) => DEPLOY_KINDS.includes(kind.kind));
  const rollbackRequired = analysis.checklist.some((item) => item.requirement === 'rollbackPlan');
  if (rollbackRequired || deployKind) section(out, `${m.headings.rollout}${rollbackRequired ? ` (${m.required})` : ''}`, prompts(m.prompts.rollout, m.prompts.rollback));
  const monitoring = analysis.checklist.find((item) => item.requirement === 'monitoring');
  if (monitoring || deployKind) section(out, `${m.headings.monitoring}${monitoring ? ` (${m.required})` : ''}`, monitoringLines(monitoring, m));
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

function capped<T>(items: readonly T[], m: Messages, render: (item: T) => string[]): string[] {
  const lines = items.slice(0, MAX_ROWS).flatMap(render);
  if (items.length > MAX_ROWS) lines.push(`- ${m.more(items.length - MAX_ROWS)}`);
  return lines;
}

function names(files: readonly string[], m: Messages, max = 3): string {
  return files.slice(0, max).map(code).join(', ') + (files.length > max ? ` ${m.more(files.length - max)}` : '');
}

/** "2 commits, 7 files (+120 −40): 3 source · 2 tests · 1 lockfile · 1 moved · against `main` at merge-base `abc1234` · `feature/x`" */
function summaryLine({ change, overview }: ImpactAnalysis, m: Messages): string {
  const head = `**${m.summary(change.commits.length, change.totals.files, change.totals.added, change.totals.removed)}**`;
  const roles = overview.groups.map((group) => `${m.roleCount[group.role](group.files.length)}${group.added + group.removed > 0 && overview.groups.length > 1 ? ` (+${group.added} −${group.removed})` : ''}`);
  if (overview.moved.length > 0) roles.push(m.moved(overview.moved.length));
  if (overview.folded.files > 0) roles.push(m.folded(overview.folded.files));
  const binary = change.files.filter((file) => file.binary).length;
  if (binary > 0) roles.push(m.binary(binary));
  const where = [m.against(code(change.base.ref), code(short(change.mergeBase)), change.base.source), change.branch ? code(change.branch) : m.detached];
  if (change.uncommitted) where.push(m.uncommitted);
  return `${head}${roles.length > 0 ? `: ${roles.join(' · ')}` : ''}  \n${where.join(' · ')}`;
}

function rangesText(ranges: ReadonlyArray<{ start: number; end: number }>): string {
  return ranges.map((range) => (range.start === range.end ? String(range.start) : `${range.start}-${range.end}`)).join(', ');
}

/** Fixes older than this say little about the change at hand (the model's fix half-life); postmortems always count. */
const RECENT_DAYS = 365;

function lineWarnings(analysis: ImpactAnalysis, m: Messages): string[] {
  const now = analysis.now;
  const recent = analysis.lineWarnings.filter((warning) => warning.source === 'ledger' || now - warning.time <= RECENT_DAYS * DAY);
  const older = analysis.lineWarnings.length - recent.length;
  const lines = capped(recent, m, (warning: LineWarning) => {
    const where = m.linesOf(code(warning.path), rangesText(warning.ranges), warning.ranges.length === 1 && warning.ranges[0]!.start === warning.ranges[0]!.end);
    const ago = m.daysAgo(Math.floor((now - warning.time) / DAY));
    const { open, close, colon } = m.punct;
    if (warning.source === 'ledger') return [`- ${where} — ${m.namedBy(t(warning.incidents.join(', ')))}${open}${ago}${close}`];
    const commit = warning.commit!;
    const incidents = warning.incidents.length > 0 ? ` · ${t(warning.incidents.join(', '))}` : '';
    return [`- ${where} — ${m.lastChangedBy[warning.kind]} ${ago}${colon}${code(short(commit.sha))} ${t(commit.subject)}${incidents}`];
  });
  if (lines.length > 0 && older > 0) lines.push(`- ${m.olderWarnings(older)}`);
  if (lines.length > 0 && analysis.lineHistory.checked < analysis.lineHistory.candidates) lines.push('', m.lineHistoryLimited(analysis.lineHistory.checked, analysis.lineHistory.candidates));
  return lines;
}

interface FileFacts {
  path: string;
  risky?: RiskyFile;
  missing?: MissingTest;
  partners: Array<{ path: string; sharedCommits: number; commits: number }>;
  move?: { from: string; added: number; removed: number };
}

/** Every changed file with something to say, named once: its level and evidence, its missing test, what it usually changes with. */
function filesToLookAt(analysis: ImpactAnalysis, m: Messages, lang: Lang): string[] {
  const facts = new Map<string, FileFacts>();
  const of = (path: string) => {
    let entry = facts.get(path);
    if (!entry) facts.set(path, (entry = { path, partners: [] }));
    return entry;
  };
  for (const risky of analysis.riskyFiles) of(risky.path).risky = risky;
  for (const missing of analysis.missingTests) of(missing.path).missing = missing;
  for (const left of analysis.leftOutCoChanges) {
    for (const changed of left.with) of(changed.path).partners.push({ path: left.path, sharedCommits: changed.sharedCommits, commits: changed.commits });
  }
  for (const move of analysis.overview.moved) of(move.to).move = { from: move.from, added: move.added, removed: move.removed };
  // Risky files in the analysis's order (level, then rank), then the others by path.
  const riskOrder = new Map(analysis.riskyFiles.map((file, i) => [file.path, i]));
  const order = (entry: FileFacts) => riskOrder.get(entry.path) ?? analysis.riskyFiles.length;
  const entries = [...facts.values()].sort((a, b) => order(a) - order(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return capped(entries, m, (entry) => [`- ${fileLine(entry, m, lang)}`]);
}

function fileLine(entry: FileFacts, m: Messages, lang: Lang): string {
  const { risky } = entry;
  const label = risky && risky.level !== 'none' ? `**${m.level[risky.level]}** ` : '';
  const where = [risky?.area === undefined ? undefined : t(risky.area), risky?.legacy ? m.legacy : undefined].filter((part): part is string => part !== undefined);
  const facts: string[] = [];
  if (entry.move) facts.push(entry.move.added + entry.move.removed === 0 ? `${m.pureMove} ← ${code(entry.move.from)}` : `${m.movedWithChanges(entry.move.added, entry.move.removed)} ← ${code(entry.move.from)}`);
  // The first reason is the evidence that set the level; the line warnings above already say which lines.
  const reason = risky ? (lang === 'ja' ? risky.reasonsJa : risky.reasons)[0] : undefined;
  if (reason) facts.push(prose(reason.text));
  if (risky && risky.incidents.length > 0 && reason?.kind !== 'incidents') facts.push(t(risky.incidents.join(', ')));
  if (entry.missing) {
    const tests = entry.missing.existing.length > 0 ? m.testToUpdate(names(entry.missing.existing, m, 2)) : entry.missing.expected[0] ? m.testToAdd(code(entry.missing.expected[0])) : '';
    facts.push(`${m.noTestChange}${tests ? `${m.punct.open}${tests}${m.punct.close}` : ''}`);
  }
  if (entry.partners.length > 0) {
    const strongest = entry.partners[0]!;
    facts.push(m.usuallyWith(names(entry.partners.map((partner) => partner.path), m, 2), strongest.sharedCommits, strongest.commits));
  }
  const { open, close, facts: separator } = m.punct;
  return `${label}${code(entry.path)}${where.length > 0 ? `${open}${where.join(', ')}${close}` : ''}${facts.length > 0 ? ` — ${facts.join(separator)}` : ''}`;
}

/** Packages by name: every direct one and every major step; the other transitive ones counted. */
function dependencyLines(analysis: ImpactAnalysis, m: Messages): string[] {
  const { changes, botBump } = analysis.dependencies;
  if (changes.length === 0) return [];
  const named = changes.filter((change) => change.direct || change.major);
  const others = changes.length - named.length;
  const version = (versions: readonly string[] | undefined) => (versions ?? []).join(', ');
  const describe = (change: DependencyChange) => {
    if (change.change === 'added') return `+ ${code(change.name)} ${version(change.to)}`;
    if (change.change === 'removed') return `− ${code(change.name)} ${version(change.from)}`;
    return `${code(change.name)} ${version(change.from)} → ${version(change.to)}${change.major ? ` **${m.majorBump}**` : ''}`;
  };
  const shown = named.slice(0, MAX_ROWS).map(describe);
  if (named.length > MAX_ROWS) shown.push(m.more(named.length - MAX_ROWS));
  if (others > 0) shown.push(m.transitive(others));
  const by = botBump ? `${m.punct.open}${m.byBot(botBump.bots.length > 0 ? botBump.bots.map((bot) => bot.replace(/ <.*$/, '')).join(', ') : 'bot')}${m.punct.close}` : '';
  return [`- **${m.changeKind.dependencies}**${by}${m.punct.colon}${shown.join(' · ')}`];
}

/** Each migration with a notable operation: the operations, the deploy order and rollback it needs, the reviewer's questions. */
function migrationLines(analysis: ImpactAnalysis, m: Messages, lang: Lang): string[] {
  return analysis.release.migrations.slice(0, MAX_ROWS).flatMap((migration) => {
    const notable = migration.operations.filter((operation) => operation.severity !== 'info');
    const ops = notable.slice(0, 5).map((operation) => {
      const target = [operation.table, operation.column].filter(Boolean).join('.');
      return `${operation.severity === 'destructive' ? '⚠️ ' : ''}${code(`${operation.operation}${target ? ` ${target}` : ''}`)}`;
    });
    if (notable.length > 5) ops.push(m.more(notable.length - 5));
    const needs = [m.deployOrder[migration.deployOrder], m.rollback[migration.rollback]].filter(Boolean);
    const { colon } = m.punct;
    const head = `- **${m.changeKind[migration.kind === 'schema' ? 'schema' : 'migration']}** ${code(migration.path)}${colon}${ops.join(', ')}${needs.length > 0 ? ` — ${needs.join(m.punct.facts)}` : ''}`;
    // The analysers' questions are written in English; in another language the deploy order and rollback above say it.
    return lang === 'en' ? [head, ...migration.prompts.slice(0, 2).map((prompt) => `  - ✍️ ${prose(prompt)}`)] : [head];
  });
}

function flagLines(analysis: ImpactAnalysis, m: Messages): string[] {
  const flags = analysis.release.flags.filter((flag) => flag.change !== 'checked');
  if (flags.length === 0) return [];
  const described = flags.slice(0, MAX_ROWS).map((flag) => `${code(flag.flag)} ${flag.change === 'default-switched' ? m.flagDefault(flag.from ?? '?', flag.to ?? '?') : m.flagChange[flag.change]}${m.punct.open}${FLAG_LIBRARIES[flag.library]}${m.punct.close}`);
  if (flags.length > MAX_ROWS) described.push(m.more(flags.length - MAX_ROWS));
  return [`- **${m.changeKind['feature-flags']}**${m.punct.colon}${described.join(' · ')}`];
}

const FLAG_LIBRARIES: Record<string, string> = { flipper: 'Flipper', flipflop: 'Flipflop', rollout: 'Rollout', launchdarkly: 'LaunchDarkly', unleash: 'Unleash', env: 'ENV' };

function kinds(analysis: ImpactAnalysis, m: Messages, lang: Lang): string[] {
  // Said by name above: the packages, the migrations' operations and the flags; the plain file lines would repeat them.
  const byName = [...migrationLines(analysis, m, lang), ...dependencyLines(analysis, m), ...flagLines(analysis, m)];
  const hidden: ChangeKind[] = [...OVERVIEW_KINDS];
  if (analysis.dependencies.changes.length > 0) hidden.push('dependencies', 'lockfile');
  if (analysis.release.flags.some((flag) => flag.change !== 'checked')) hidden.push('feature-flags');
  const described = new Set(analysis.release.migrations.map((migration) => migration.path));
  return byName.concat(kindLines(analysis, m, hidden, described));
}

function kindLines(analysis: ImpactAnalysis, m: Messages, hidden: readonly ChangeKind[], described: ReadonlySet<string>): string[] {
  return analysis.kinds
    .filter((kind) => !hidden.includes(kind.kind))
    .map((kind) => ({ ...kind, files: kind.files.filter((file) => !described.has(file)) }))
    .filter((kind) => kind.files.length > 0)
    .map((kind) => {
      const { open, close, colon } = m.punct;
      if (kind.kind === 'env') return `- **${m.changeKind.env}**${colon}${kind.details.map(code).join(', ')}${open}${names(kind.files, m)}${close}`;
      if (kind.kind === 'submodule') {
        // "path from → to": the path may hold spaces, the two commits do not.
        const bumps = kind.details.slice(0, MAX_ROWS).map((detail) => {
          const parts = /^(.*) (\S+) → (\S+)$/.exec(detail);
          return parts ? `${code(parts[1]!)} ${code(parts[2]!)} → ${code(parts[3]!)}` : code(detail);
        });
        return `- **${m.changeKind.submodule}**${colon}${bumps.join(', ')}`;
      }
      const details = kind.details.length > 0 ? ` — ${kind.details.slice(0, MAX_ROWS).map(t).join(', ')}${kind.details.length > MAX_ROWS ? ` ${m.more(kind.details.length - MAX_ROWS)}` : ''}` : '';
      return `- **${m.changeKind[kind.kind]}**${colon}${names(kind.files, m)}${details}`;
    });
}

function incidents(analysis: ImpactAnalysis, m: Messages): string[] {
  return capped(analysis.incidents, m, (incident) => {
    const links = [`[${code(incident.file)}](${linkTarget(incident.file)})`, ...incident.links.map(externalLink)].join(' · ');
    const { open, close, colon } = m.punct;
    return [`- ${t(incident.id)}${incident.linesTouched ? ' ⚠️' : ''} ${m.incidentKind[incident.kind]}, ${incident.severity}${open}${incident.date}${close}${colon}${t(incident.title)} — ${links}`];
  });
}

/** A relative link to a file of the repository: percent-encoded, in `<…>`, so no character of the path ends it early. */
function linkTarget(file: string): string {
  return `<${encodeURI(file).replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}>`;
}

/** An incident's link: an http(s) URL as an autolink when nothing in it can end the autolink, anything else as text. */
function externalLink(link: string): string {
  return /^https?:\/\/[^\s<>`]+$/.test(link) ? `<${link}>` : t(link);
}

/** A handle (`@alice`, `@org/team`) as code, which GitHub never turns into a mention; a name as text. */
function person(name: string): string {
  return name.startsWith('@') ? code(name) : t(name);
}

function reviewers(analysis: ImpactAnalysis, m: Messages): string[] {
  const all = analysis.change.files.length;
  // Files are named above; here only which part of the change a reviewer covers, when it is small enough to say.
  const scope = (files: readonly string[]) => (files.length === all && all > 1 ? m.allFiles : files.length <= 2 ? names(files, m) : m.filesCount(files.length));
  return capped(analysis.reviewers, m, (reviewer) => [`- ${person(reviewer.name)} — ${reviewer.sources.map((source) => m.reviewerSource[source]).join(', ')}${m.punct.colon}${scope(reviewer.files)}`]);
}

function qualityBar(analysis: ImpactAnalysis, m: Messages): string[] {
  const lines: string[] = [];
  const { bar } = analysis;
  if (bar.summary) lines.push(`> ${m.barStance}: ${t(bar.summary)}`, '');
  const tolerance = Object.entries(bar.tolerance).map(([kind, text]) => `${m.incidentKind[kind as keyof Messages['incidentKind']] ?? t(kind)} — ${t(text)}`);
  if (tolerance.length > 0) lines.push(`${m.tolerance} · ${tolerance.join(' · ')}`, '');
  for (const item of analysis.checklist) lines.push(checklistLine(item, m));
  if (bar.changeRiskLimit) lines.push(changeRiskLimitLine(bar.changeRiskLimit, analysis, m));
  for (const line of analysis.budget?.lines ?? []) {
    const text = m.budgetLine(line.count, line.kind, analysis.budget!.label, line.limit);
    lines.push(line.exceeded ? `- ⛔ **${text}: ${m.budgetExceeded(t(analysis.budget!.onExceeded))}**` : `- ${text}`);
  }
  if (bar.defaults && analysis.checklist.length > 0) lines.push('', m.barDefaults(bar.project.deployable));
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.some((line) => line.startsWith('- ')) || bar.summary || tolerance.length > 0 ? lines : [];
}

/** One line per requirement; the files it concerns are named in the list above, not again here. */
function checklistLine(item: ChecklistItem, m: Messages): string {
  const box = item.status === 'met' ? '[x]' : '[ ]';
  let detail = '';
  switch (item.requirement) {
    case 'testChanges':
      detail = item.missing.length > 0 ? m.filesWithoutTests(item.missing.length) : '';
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
  return `- ${box} ${m.requirement[item.requirement]}${detail ? ` — ${detail}` : ''} _${item.rules.map(t).join(', ')}_`;
}

/** "- [x] Change risk at most 20 % — 12 % _small changes_": the risk itself is at the top of the statement. */
function changeRiskLimitLine(limit: ChangeRiskLimit, analysis: ImpactAnalysis, m: Messages): string {
  const assessment = analysis.changeRisk;
  const within = withinChangeRiskLimit(limit, assessment);
  const detail =
    assessment?.status === 'scored'
      ? changeRiskPercent(assessment.score.probability, limit)
      : assessment?.status === 'not-rated'
        ? m.changeRisk.nothingRated
        : assessment?.status === 'unavailable'
          ? unavailableShort(assessment, m)
          : analysis.changeRiskSkipped
            ? skippedReason(analysis.changeRiskSkipped, m)
            : m.changeRisk.notRated;
  return `- ${within ? '[x]' : '[ ]'} ${m.changeRisk.limit(percentText(limit.max))} — ${detail} _${limit.rules.map(t).join(', ')}_`;
}

function monitoringLines(item: ChecklistItem | undefined, m: Messages): string[] {
  const lines = item?.monitoring ? monitoringPlanLines(item.monitoring, m) : [];
  if (lines.length > 0) lines.push('');
  lines.push(prompt(m.prompts.watch));
  return lines;
}
