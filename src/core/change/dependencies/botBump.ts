/**
 * Whether a change is a bot's dependency bump (Dependabot, Renovate and the like), from its commits' authors
 * and subjects: such a change is routine in kind, and a reviewer reads its impact differently.
 */
import { compileHistoryRules, type CompiledHistoryRules } from '../../team/historyRules';
import { DEFAULT_BOT_AUTHORS } from '../../team/schema';

export interface BumpCommit {
  author: string;
  email: string;
  subject: string;
}

export interface BotBump {
  /** The bot authors among the commits ("Name <email>"); empty when only the subjects say so. */
  bots: string[];
  /** Packages the subjects name, with versions when they give them. */
  packages: Array<{ name: string; from?: string; to?: string }>;
}

/**
 * Dependabot: `Bump rails from 7.0.8 to 7.1.0`, optionally `in /dir` or `in the rails group`, after an
 * optional conventional prefix (`build(deps-dev): bump …`).
 */
const DEPENDABOT = /^(?:[a-z]+(?:\([^)]*\))?!?:\s*)?bump (\S+) from (\S+) to (\S+?)(?:\s+in\s+(?:the \S+ group|\S+))?(?:\s+\(#\d+\))?$/i;
/**
 * Renovate: `Update dependency rails to v7.1.0`, `chore(deps): update rails to v7`, `fix(deps): update
 * dependency x to 1.2.3`, `Update dependency aws-sdk-s3 to '~> 1', '>= 1.229.0'`.
 */
const RENOVATE = /^(?:[a-z]+\(deps?(?:-dev)?\)!?:\s*)?update (?:dependency |module |gem )?(\S+) to (\S.*?)(?:\s+\[security\])?(?:\s+\(#\d+\))?$/i;
/**
 * Bump subjects that name no single package: Dependabot groups, Renovate groups (`Update patch updated gems`,
 * `Update development and test gems to v4.47.0`, `Update all non-major dependencies`), lock file maintenance, pins.
 */
const OTHER_BUMP =
  /^(?:[a-z]+\(deps?(?:-dev)?\)!?:\s*)?(?:bump the \S+ group\b|bump .+ and .+|update .*\b(?:dependencies|deps|gems|packages|monorepo)\b|lock file maintenance\b|pin dependencies\b)/i;
/** A merge of the base branch into the bot's branch, or the merge of its pull request: says nothing either way. */
const MERGE = /^Merge (?:branch|pull request|remote-tracking branch)\b/;

let defaultRules: CompiledHistoryRules | undefined;

function defaultIsBot(name: string, email: string): boolean {
  defaultRules ??= compileHistoryRules({ fixPatterns: [], nonFixPatterns: [], incidentIdPatterns: [], ignorePaths: [], botAuthors: [...DEFAULT_BOT_AUTHORS], bulkCommitFiles: 50, activeAuthorMonths: 12 });
  return defaultRules.isBot(name, email);
}

/**
 * A bot dependency bump: every commit (merges aside) has a bump subject, and either a bot (the team's
 * `history.botAuthors`, by default Dependabot, Renovate, any `[bot]`) wrote one of them or every subject is
 * Dependabot's own `Bump x from a to b`. A person's commit among them ("also fix the call site") makes it a
 * person's change: undefined.
 */
export function botDependencyBump(commits: readonly BumpCommit[], isBot: (name: string, email: string) => boolean = defaultIsBot): BotBump | undefined {
  const relevant = commits.filter((c) => !MERGE.test(c.subject.trim()));
  if (relevant.length === 0) return undefined;
  const bots = new Set<string>();
  const packages: BotBump['packages'] = [];
  let allDependabotShaped = true;
  for (const commit of relevant) {
    const subject = commit.subject.trim();
    const dependabot = DEPENDABOT.exec(subject);
    const renovate = dependabot ? undefined : RENOVATE.exec(subject);
    if (!dependabot && !renovate && !OTHER_BUMP.test(subject)) return undefined;
    if (!dependabot) allDependabotShaped = false;
    if (isBot(commit.author, commit.email)) bots.add(`${commit.author} <${commit.email}>`);
    if (dependabot) packages.push({ name: dependabot[1]!, from: dependabot[2]!, to: dependabot[3]! });
    else if (renovate) packages.push({ name: renovate[1]!, to: renovate[2]!.replace(/^v(?=\d)/, '') });
  }
  if (bots.size === 0 && !allDependabotShaped) return undefined;
  return { bots: [...bots].sort(), packages };
}
