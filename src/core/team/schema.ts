/**
 * Zod schemas for the team files: the single source of truth for their shape, defaults, types and the
 * generated JSON Schemas in `schemas/`. Objects are strict so unknown keys surface (as warnings, see validate.ts).
 */
import { z } from 'zod';
import { calendarDate } from '../risk/format';
import { FILE_ROLES } from '../files/roles';
import { globProblem } from '../globs';
import { compileLinear } from '../linearRegex';

export const TEAM_DIR = '.changerisk';
export const CONFIG_FILE = `${TEAM_DIR}/config.yaml`;
export const INCIDENTS_DIR = `${TEAM_DIR}/incidents`;

// ---------------------------------------------------------------------------------------------------------------
// Default history rules. Patterns are JS RegExp sources, matched case-insensitively. Fix patterns anchor on word
// starts (\b) so that "fixture", "prefix", "debug", "suffix" and "bugle" are not taken for fixes.

/** Checked against the subject line only: a body that says "manually fix up …" does not make a feature a fix. */
export const DEFAULT_FIX_PATTERNS: readonly string[] = [
  '\\bfix(e[sd]|ing)?\\b', // fix, Fixes, fixed, fixing, "fix(billing):"
  '\\b(bug|hot|quick)-?fix(e[sd]|ing)?\\b', // bugfix, hotfix, quick-fix
  '\\bbugs?\\b', // "Bug 123", but not "debug"/"bugle"
  '\\brevert(s|ed|ing)?\\b',
  '\\bregress(ion|ions|ed)?\\b',
];

/** Checked against the subject line only: a fix commit may mention a typo in its body without being cosmetic. */
export const DEFAULT_NON_FIX_PATTERNS: readonly string[] = [
  '\\btypos?\\b',
  '\\bspelling\\b',
  '\\b(es|ts|style)?lint(s|ed|er|ers|ing)?\\b',
  '\\b(rubocop|prettier|black|gofmt|rustfmt)\\b',
  '\\b(formatting|reformat(s|ted|ting)?)\\b',
  '\\b(whitespace|indentation)\\b',
  '\\bcode[- ]?style\\b',
  '^style(\\([^)]*\\))?!?:', // conventional-commit "style:" type
  '\\boffen[cs]es?\\b', // "Fix Style/ConditionalAssignment offences"
  '\\b(Style|Layout|Lint|Naming|Metrics|Rails|RSpec|Performance)/[A-Z][A-Za-z]+', // a RuboCop cop name
  '\\b(deprecation|deprecated)( warnings?)?\\b',
  '\\b(flaky|intermittent)\\b', // a flaky test is fixed in the test, not in the code under it
  '\\bfix(e[sd]|ing)? (the |failing |broken )?(ci|specs?|tests?|linter|changelog|docs?|readme)\\b',
  '\\bfix(e[sd]|ing)? (the )?build$',
];

/**
 * Authors whose commits count for nothing (not activity, authorship, ownership or fixes): dependency,
 * CI and translation bots. Matched case-insensitively against "Name <email>".
 */
export const DEFAULT_BOT_AUTHORS: readonly string[] = [
  '\\[bot\\]', // GitHub Apps: dependabot[bot], renovate[bot], github-actions[bot], pre-commit-ci[bot]
  '^(dependabot|renovate|greenkeeper|depfu|snyk-bot|imgbot|mergify|allcontributors|semantic-release-bot)\\b',
  '\\bl10n-bot@', // translatewiki.net's localisation updates
  '^translatewiki\\b',
  '<(bot|ci|noreply-ci|actions)@',
];

export const DEFAULT_INCIDENT_ID_PATTERNS: readonly string[] = ['\\bINC-\\d+\\b'];

/** Generated, vendored and lock files: their churn says nothing about the fragility of hand-written code. */
export const DEFAULT_IGNORE_PATHS: readonly string[] = [
  'db/schema.rb',
  'db/structure.sql',
  'config/locales/**',
  '**/*.lock',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'Gemfile.lock',
  'vendor/**',
  'node_modules/**',
  '**/*.min.js',
];

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

function regexSource(description: string) {
  return z
    .string()
    .superRefine((source, ctx) => {
      const problem = regexProblem(source);
      if (problem) ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${problem}` });
    })
    .describe(description);
}

/** Compiled exactly as the history rules compile it (compileHistoryRules), so what passes here runs there. */
function regexProblem(source: string): string | undefined {
  return compileLinear(source, { caseInsensitive: true }).problem;
}

/** Why a path or glob does not name something inside the repository, relative to it, with "/"; undefined when it does. */
export function repoPathProblem(glob: string): string | undefined {
  if (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob)) return 'globs are repo-relative; remove the leading "/"';
  if (glob.includes('\\')) return 'use "/" as the path separator';
  if (glob.split('/').includes('..')) return 'globs stay inside the repository; remove the ".." segment';
  return undefined;
}

const glob = z
  .string()
  .min(1, { error: 'a glob cannot be empty' })
  .superRefine((g, ctx) => {
    // Compiled exactly as globMatcher compiles it, so what passes here matches there.
    const problem = repoPathProblem(g) ?? globProblem(g);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('A picomatch glob, relative to the repository root, with "/" separators.');

const globList = (description: string) => z.array(glob).describe(description);
const positiveInt = z.int().positive();

export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
const riskLevel = z.enum(RISK_LEVELS);
const fileRole = z.enum(FILE_ROLES);

const roleOverrideSchema = z
  .strictObject({
    paths: z.array(glob).min(1).describe('Files given this role.'),
    role: fileRole.describe('The role: source, test, docs, build, lint, manifest, lockfile, generated, vendored or team.'),
  })
  .describe('Gives files a role other than the one the conventions give them; the first matching entry wins.');

// ---------------------------------------------------------------------------------------------------------------
// config.yaml

const areaSchema = z
  .strictObject({
    name: z.string().min(1).describe('Area name; incidents refer to it in their `areas` list.'),
    paths: globList('Files belonging to the area.').default([]),
    owners: z.array(z.string()).default([]).describe('People or teams to ask, e.g. "@alice".'),
    note: z.string().optional().describe('What to know before touching this area.'),
    legacy: z.boolean().default(false).describe('Declares the area legacy code.'),
  })
  .describe('A named part of the code base.');

const areasSchema = z
  .array(areaSchema)
  .superRefine((areas, ctx) => {
    const seen = new Set<string>();
    areas.forEach((area, index) => {
      if (seen.has(area.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `area "${area.name}" is declared twice` });
      seen.add(area.name);
    });
  })
  .default([]);

const historySchema = z
  .strictObject({
    fixPatterns: z
      .array(regexSource('A commit whose subject line matches is a fix.'))
      .default([...DEFAULT_FIX_PATTERNS])
      .describe('Regular expressions (case-insensitive) that mark a commit as a fix, matched against its subject line (the body is not read, except for "Fixes: <sha>" and "This reverts commit <sha>" trailers).'),
    nonFixPatterns: z
      .array(regexSource('A commit whose subject matches is never a fix.'))
      .default([...DEFAULT_NON_FIX_PATTERNS])
      .describe('Regular expressions (case-insensitive) for cosmetic commits (typo, lint, formatting), checked against the subject line.'),
    incidentIdPatterns: z
      .array(regexSource('Matches one incident id.'))
      .default([...DEFAULT_INCIDENT_ID_PATTERNS])
      .describe('Regular expressions (case-insensitive) that find incident ids in commit messages.'),
    ignorePaths: globList('Files whose history is ignored (generated, vendored, lock files).').default([...DEFAULT_IGNORE_PATHS]),
    botAuthors: z
      .array(regexSource('Matches a bot author as "Name <email>".'))
      .default([...DEFAULT_BOT_AUTHORS])
      .describe('Regular expressions (case-insensitive) for bot authors, matched against "Name <email>": their commits count for nothing.'),
    bulkCommitFiles: positiveInt.default(50).describe('A commit touching more files than this is a bulk change: excluded from scoring and coupling.'),
    activeAuthorMonths: z.number().positive().default(12).describe('An author is still active if they committed within this many months.'),
  })
  .describe('How commit history is read.');

const couplingSchema = z
  .strictObject({
    minCommits: positiveInt.default(5).describe('A file needs this many commits before its coupling is considered.'),
    minSharedCommits: positiveInt.default(5).describe('Two files must change together this many times.'),
    minDegree: z.number().min(0).max(100).default(30).describe('Percentage of a file’s commits that also touch the other file.'),
  })
  .describe('When two files count as changing together.');

const share = (fallback: number) => z.number().gt(0).lte(1).default(fallback);

const levelsSchema = z
  .strictObject({
    high: share(0.02).describe('At most this share of the rated files (source code, by default) is ranked high by its evidence.'),
    medium: share(0.05).describe('At most this share of the rated files is ranked medium or above by its evidence.'),
    low: share(0.1).describe('At most this share of the rated files gets any level from history; files without a fix, revert or incident stay none.'),
  })
  .refine((l) => l.high <= l.medium && l.medium <= l.low, { error: 'expected high ≤ medium ≤ low' })
  .describe("Risk levels relative to this repository's own distribution of scores.");

const overrideSchema = z
  .strictObject({
    paths: z.array(glob).min(1).describe('Files the override applies to.'),
    level: riskLevel.describe('The risk level to use for these files.'),
    reason: z.string().optional().describe('Why; shown next to the level.'),
  })
  .describe('A risk level the team sets for some files, whatever their history says.');

const riskSchema = z
  .strictObject({
    dormantYears: z.number().positive().default(2).describe('Detected legacy: not changed for this long and its main author inactive.'),
    levels: levelsSchema.prefault({}),
    roles: z
      .array(fileRole)
      .min(1)
      .default(['source'])
      .describe('The file roles that get a risk level, badges and a place in hotspots. Tests, docs, configuration and manifests are not rated by default.'),
    overrides: z.array(overrideSchema).default([]).describe('Fixed risk levels for some files.'),
  })
  .describe('How risk levels are assigned.');

// ---------------------------------------------------------------------------------------------------------------
// qualityBar: the team's agreement on what a change needs, in its own words

export const QUALITY_REQUIREMENTS = ['impactStatement', 'testChanges', 'featureFlag', 'ownerReview', 'rollbackPlan', 'monitoring'] as const;
export const BUDGET_PERIODS = ['week', 'month', 'quarter', 'year'] as const;

const monitoringSchema = z
  .strictObject({
    dashboards: z.array(z.string().min(1)).default([]).describe('Dashboards to watch after release.'),
    alerts: z.array(z.string().min(1)).default([]).describe('Alerts that must stay quiet.'),
    logs: z.array(z.string().min(1)).default([]).describe('Log queries or streams to check.'),
    days: z.number().positive().optional().describe('For how many days after release.'),
  })
  .describe('What to watch after release, and for how long.');

const toleranceText = (kind: string) => z.string().min(1).optional().describe(`How much ${kind} the team accepts, in its own words ("none", "low", ...).`);

const toleranceSchema = z
  .strictObject({
    incident: toleranceText('incidents'),
    regression: toleranceText('regressions'),
    'user-inquiry': toleranceText('user inquiries'),
    'near-miss': toleranceText('near-misses'),
  })
  .describe('Tolerance for each kind of breakage (the ledger\'s incident kinds).');

/** "25%" or "12.5 %": a percentage as a team writes it. */
const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/** A probability, written as one (0.25) or as a percentage ("25%"): between 0 (excluded) and 1. */
const CHANGE_RISK_LIMIT_EXPECTED = 'expected a probability above 0 and at most 1 (e.g. 0.25) or a percentage (e.g. "25%")';
/** "maxChangeRisk: 25" most likely means 25 %: say how to write it. */
const changeRiskLimitProblem = (input: unknown) =>
  typeof input === 'number' && Number.isInteger(input) && input > 1 && input <= 100 ? `${CHANGE_RISK_LIMIT_EXPECTED}; for ${input} %, write ${input / 100} or "${input}%"` : CHANGE_RISK_LIMIT_EXPECTED;
const changeRiskLimit = z.union([
  z
    .number()
    .gt(0, { error: (issue) => changeRiskLimitProblem(issue.input) })
    .lte(1, { error: (issue) => changeRiskLimitProblem(issue.input) }),
  z
    .string()
    .regex(PERCENT, { error: CHANGE_RISK_LIMIT_EXPECTED })
    .transform((text, ctx) => {
      const probability = Number(PERCENT.exec(text)![1]) / 100;
      if (probability > 0 && probability <= 1) return probability;
      ctx.issues.push({ code: 'custom', input: text, message: CHANGE_RISK_LIMIT_EXPECTED });
      return z.NEVER;
    }),
]);

const qualityRuleSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('A label for the rule, shown in checklists.'),
    areas: z.array(z.string().min(1)).optional().describe('Applies to files in these areas (names from `areas`).'),
    minLevel: z.enum(['low', 'medium', 'high']).optional().describe('Applies to files at this risk level or above.'),
    legacy: z.boolean().optional().describe('true: applies to legacy files (declared or detected).'),
    impactStatement: z.boolean().default(false).describe('The pull request carries an impact statement.'),
    testChanges: z.boolean().default(false).describe('The change includes test changes for these files.'),
    featureFlag: z.boolean().default(false).describe('The change ships behind a feature flag.'),
    ownerReview: z.boolean().default(false).describe("A reviewer from the area's owners approves."),
    rollbackPlan: z.boolean().default(false).describe('The pull request says how to roll back.'),
    monitoring: z
      .union([z.boolean(), monitoringSchema])
      .default(false)
      .describe('A post-release monitoring plan: true, or which dashboards/alerts/logs and for how many days.'),
    maxChangeRisk: changeRiskLimit
      .optional()
      .describe(
        'The highest change risk accepted: the probability that a change like this one needs a follow-up fix, as learned from the repository\'s history (0.25 or "25%"). A change above it fails `change-risk check`. Applies when any changed file matches the selectors; the lowest of the applying rules counts.',
      ),
  })
  .describe('What a change needs. A rule applies to a file matching all of its selectors (areas, minLevel, legacy); with none, to every file.');

const budgetSchema = z
  .strictObject({
    period: z.enum(BUDGET_PERIODS).default('month').describe('Calendar period (UTC) the budget counts over.'),
    incidents: z.int().nonnegative().optional().describe('Incidents (kind incident) accepted per period.'),
    regressions: z.int().nonnegative().optional().describe('Regressions accepted per period.'),
    userInquiries: z.int().nonnegative().optional().describe('User inquiries accepted per period.'),
    nearMisses: z.int().nonnegative().optional().describe('Near-misses accepted per period.'),
    onExceeded: z.string().min(1).optional().describe('What the team does when the budget is exceeded.'),
  })
  .describe('Incident budget per period, compared with the ledger.');

const qualityBarSchema = z
  .strictObject({
    summary: z.string().min(1).optional().describe("The project's stance on speed and quality, in the team's words."),
    tolerance: toleranceSchema.optional(),
    rules: z
      .array(qualityRuleSchema)
      .optional()
      .describe('What a change requires, by area and/or risk level. Absent: the default rules apply (high-risk or legacy files need tests, an impact statement and a monitoring plan).'),
    budget: budgetSchema.optional(),
  })
  .describe("The team's quality bar: its stance, tolerances, rules for changes and incident budget.");

export const configSchema = z
  .strictObject({
    version: z.literal(1).default(1).describe('Format version of this file.'),
    areas: areasSchema.describe('Declared areas of the code base.'),
    history: historySchema.prefault({}),
    coupling: couplingSchema.prefault({}),
    roles: z
      .array(roleOverrideSchema)
      .default([])
      .describe('File roles that differ from the conventions (Rails, JS/TS and generic): e.g. `lib/tasks/**` as source, `app/javascript/legacy/**` as vendored.'),
    risk: riskSchema.prefault({}),
    qualityBar: qualityBarSchema.optional(),
  })
  .meta({
    title: 'Change Risk configuration',
    description: 'Change Risk team configuration (.changerisk/config.yaml): areas, how history is read, coupling, file roles, risk levels and the quality bar. Every key is optional.',
  });

// ---------------------------------------------------------------------------------------------------------------
// incidents/*.md front matter

export const INCIDENT_KINDS = ['incident', 'regression', 'user-inquiry', 'near-miss'] as const;
/** sev1..sev4 are common aliases; each maps to the level it stands for. */
const SEVERITY_BY_NAME = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  sev1: 'critical',
  sev2: 'high',
  sev3: 'medium',
  sev4: 'low',
} as const;

const severitySchema = z
  .enum(Object.keys(SEVERITY_BY_NAME) as [keyof typeof SEVERITY_BY_NAME])
  .transform((name) => SEVERITY_BY_NAME[name]);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date like 2024-03-14 (YYYY-MM-DD)', abort: true })
  .refine((text) => calendarDate(text) !== undefined, { error: 'not a calendar date' })
  .describe('Date of the incident, YYYY-MM-DD.');

/** One line or a range: 40, "40" or "40-58" (1-based, inclusive). */
const lineSpec = z.union([
  positiveInt.transform((line) => ({ start: line, end: line })),
  z
    .string()
    .regex(/^\s*\d+\s*(-\s*\d+\s*)?$/, { error: 'expected a line number or a range like "40-58"' })
    .transform((text, ctx) => {
      const [start, end = start] = text.split('-').map((part) => Number(part.trim()));
      if (start >= 1 && start <= end) return { start, end };
      ctx.issues.push({ code: 'custom', input: text, message: 'a range starts at line 1 or later and does not end before it starts' });
      return z.NEVER;
    }),
]);

const linesSchema = z
  .union([lineSpec, z.array(lineSpec)])
  .transform((spec) => (Array.isArray(spec) ? spec : [spec]))
  .describe('Line or lines affected: 40, "40-58", or a list of those. Omitted means the whole file.');

const affectedSchema = z
  .union([glob, z.strictObject({ path: glob, lines: linesSchema.optional() }).describe('A file (or glob) with the lines involved.')])
  .transform((item) => (typeof item === 'string' ? { path: item, lines: [] } : { path: item.path, lines: item.lines ?? [] }));

const sha = z
  .string()
  .regex(/^[0-9a-fA-F]{4,40}$/, { error: 'expected a commit sha (4 to 40 hex digits)' })
  .transform((s) => s.toLowerCase());

const actionItemSchema = z
  .strictObject({
    text: z.string().min(1).describe('What to do.'),
    owner: z.string().optional().describe('Who does it, e.g. "@alice".'),
    status: z.enum(['open', 'in-progress', 'done']).default('open').describe('open | in-progress | done'),
  })
  .describe('A follow-up agreed in the postmortem.');

export const incidentFrontMatterSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^\S+$/, { error: 'an id has no spaces, e.g. INC-12' })
      .describe('Unique id, e.g. INC-12; commit messages refer to it.'),
    title: z.string().min(1).describe('One-line title.'),
    date: isoDate,
    kind: z.enum(INCIDENT_KINDS).describe('incident | regression | user-inquiry | near-miss'),
    severity: severitySchema.default('medium').describe('critical | high | medium | low (or sev1..sev4)'),
    status: z.enum(['open', 'mitigated', 'resolved']).default('resolved').describe('open | mitigated | resolved'),
    areas: z.array(z.string().min(1)).default([]).describe('Names of areas declared in .changerisk/config.yaml.'),
    affected: z.array(affectedSchema).default([]).describe('Files (or globs) involved, optionally with line ranges.'),
    commits: z
      .strictObject({
        fix: z.array(sha).default([]).describe('Commits that fixed it.'),
        introduced: z.array(sha).default([]).describe('Commits that introduced it.'),
      })
      .prefault({})
      .describe('Commits linked to the incident, as shas of 4 to 40 hex digits.'),
    links: z.array(z.string().min(1)).default([]).describe('Tickets, dashboards, chat threads.'),
    detection: z.string().optional().describe('How it was detected.'),
    rootCause: z.string().optional().describe('Why it happened.'),
    actionItems: z.array(actionItemSchema).default([]).describe('Follow-ups: what, who, and where each stands.'),
  })
  .meta({
    title: 'Change Risk incident postmortem',
    description: 'Front matter of an incident postmortem (.changerisk/incidents/*.md): the YAML between the --- lines at the top.',
  });

// ---------------------------------------------------------------------------------------------------------------
// Types, all derived from the schemas

export type ChangeRiskConfig = z.output<typeof configSchema>;
export type Area = z.output<typeof areaSchema>;
export type HistoryRules = z.output<typeof historySchema>;
export type CouplingRules = z.output<typeof couplingSchema>;
export type RiskRules = z.output<typeof riskSchema>;
export type RiskOverride = z.output<typeof overrideSchema>;
export type RiskLevel = z.output<typeof riskLevel>;
export type QualityBarConfig = z.output<typeof qualityBarSchema>;
export type QualityRule = z.output<typeof qualityRuleSchema>;
export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type IncidentBudget = z.output<typeof budgetSchema>;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export type QualityRequirement = (typeof QUALITY_REQUIREMENTS)[number];

export type IncidentFrontMatter = z.output<typeof incidentFrontMatterSchema>;
export type IncidentKind = IncidentFrontMatter['kind'];
export type Severity = IncidentFrontMatter['severity'];
export type IncidentStatus = IncidentFrontMatter['status'];
export type ActionItem = z.output<typeof actionItemSchema>;
export type AffectedPath = z.output<typeof affectedSchema>;
export type LineRange = z.output<typeof lineSpec>;

/** A loaded incident: its front matter plus where it lives and its postmortem text. */
export type Incident = IncidentFrontMatter & {
  /** Repo-relative posix path of the .md file. */
  file: string;
  /** 1-based line of the `id:` key in the file (line 2 for a conventional front matter). */
  line: number;
  /** The Markdown after the front matter. */
  body: string;
  /** 1-based line in the file where `body` starts. */
  bodyLine: number;
  /** First paragraph of the body that is not a heading, on one line ('' when there is none). */
  summary: string;
};
