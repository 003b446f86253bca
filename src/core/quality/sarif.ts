/**
 * `change-risk check --format sarif`: the check's findings as a SARIF 2.1.0 log (OASIS), for GitHub code scanning
 * (`github/codeql-action/upload-sarif`) and other SARIF viewers. One run; one rule per kind of finding, with stable
 * ids (the requirement names every other format prints); every result located in the repository (GitHub rejects the
 * whole file when one result has none) and fingerprinted, so an unmet requirement is one alert from run to run.
 */
import { QUALITY_REQUIREMENTS } from '../team/schema';
import type { CheckFinding, CheckResult } from './check';
import { reportedFindings } from './reportedFindings';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/change-risk';
/** The `partialFingerprints` key: ours, versioned, so a later change of what identifies a finding gets a new key. */
export const FINGERPRINT_KEY = 'changeRiskFinding/v1';

type RuleId = CheckFinding['requirement'];
type Level = 'error' | 'warning' | 'note';

interface RuleText {
  short: string;
  full: string;
  /** How to meet the rule, in Markdown (code spans only: the plain text drops the backticks). */
  help: string;
  level: Level;
}

/** What each rule asks and how to meet it; English, like the rule ids (the results' messages follow `--lang`). */
const RULES: Record<RuleId, RuleText> = {
  impactStatement: {
    short: 'The pull request description needs an impact section.',
    full: "The team's quality bar asks a change to these files for an impact statement in the pull request description: what it touches, what could break, how it was checked.",
    help: 'Run `change-risk impact` and paste its draft into the description, fill the `<!-- change-risk:impact -->` marker of the template, or write under a heading containing "Impact". HTML comments and unfilled ✍️ prompts do not count.',
    level: 'error',
  },
  testChanges: {
    short: 'A changed source file needs a test change.',
    full: "The team's quality bar (by default: high-risk and legacy source files) asks for a test change with every change to this file. Only source with behaviour needs one: docs, configuration, migrations, views, renames, deletions and changes of comments only never do.",
    help: 'Change the test that covers the file in the same change (the message names it when the repository has one, e.g. `spec/models/invoice_spec.rb`), or add one where the repository keeps its tests.',
    level: 'error',
  },
  featureFlag: {
    short: 'The change needs a feature flag.',
    full: "The team's quality bar asks that a change to these files ships behind a feature flag, so it can be turned off without a deploy.",
    help: 'Put the new behaviour behind a flag: change a flag file or add a flag check (e.g. `Flipper.enabled?`) in the added lines.',
    level: 'error',
  },
  ownerReview: {
    short: 'An owner of the area should review the change.',
    full: "The team's quality bar asks for a review by an owner of the area (its `owners` in `.changerisk/config.yaml`, else CODEOWNERS). Approvals cannot be seen offline, so this is a reminder, never a failure.",
    help: 'Ask one of the owners the message names for a review.',
    level: 'warning',
  },
  rollbackPlan: {
    short: 'The pull request description needs a rollback plan.',
    full: "The team's quality bar asks a change to these files to say in the pull request description how to undo it.",
    help: 'Answer "Rollback plan" under "Rollout and rollback" in the drafted statement (`change-risk impact`), or write under a "Rollback" heading.',
    level: 'error',
  },
  monitoring: {
    short: 'The pull request description needs a monitoring plan.',
    full: "The team's quality bar (by default: high-risk and legacy files of a deployed application) asks what to watch after this change is released.",
    help: 'Answer "What to watch" under "Monitoring after release" in the drafted statement (`change-risk impact`): dashboards, alerts, logs, and for how long.',
    level: 'error',
  },
  changeRisk: {
    short: 'The change risk is over the limit the quality bar accepts.',
    full: "The team's quality bar (`maxChangeRisk` of a rule in `.changerisk/config.yaml`) caps the change risk: the probability that a change like this one needs a follow-up fix, learned from this repository's own history (`change-risk backtest --changes` shows how well it predicts). Never part of the default bar; when the history is too short to learn from, this is a warning.",
    help: 'Split the change into smaller ones, add tests for what it changes, or ask a second reviewer, as the team agreed. The message names the reasons the risk is high; `change-risk impact` shows them at the top of the drafted statement.',
    level: 'error',
  },
  budget: {
    short: 'The incident budget of the current period is exceeded.',
    full: "More incidents of a kind are recorded in the ledger (`.changerisk/incidents/`) for the current period than the team's budget (`qualityBar.budget` in `.changerisk/config.yaml`) accepts.",
    help: 'Do what the team agreed for this case (`onExceeded`, by default "stop and hold a postmortem"). The check passes again in the next period, or when the team changes the budget.',
    level: 'error',
  },
};

const RULE_IDS: readonly RuleId[] = [...QUALITY_REQUIREMENTS, 'budget', 'changeRisk'];

export interface SarifTool {
  /** The package version. */
  version: string;
}

/** The SARIF log of a check: pure, and the same bytes for the same result and tool. */
export function sarifLog(result: CheckResult, tool: SarifTool): SarifLog {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'change-risk',
            version: tool.version,
            ...(/^\d+\.\d+\.\d+/.test(tool.version) ? { semanticVersion: tool.version } : {}),
            informationUri: TOOL_INFORMATION_URI,
            rules: RULE_IDS.map((id) => sarifRule(id)),
          },
        },
        results: reportedFindings(result).map(({ finding, path, line, fingerprint }) => ({
          ruleId: finding.requirement,
          ruleIndex: RULE_IDS.indexOf(finding.requirement),
          level: finding.severity satisfies Level,
          message: { text: finding.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(path), uriBaseId: '%SRCROOT%' }, region: { startLine: line } } }],
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
        })),
      },
    ],
  };
}

function sarifRule(id: RuleId): SarifRule {
  const rule = RULES[id];
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    shortDescription: { text: rule.short },
    fullDescription: { text: rule.full.replace(/`/g, ''), markdown: rule.full },
    help: { text: rule.help.replace(/`/g, ''), markdown: rule.help },
    defaultConfiguration: { level: rule.level },
    properties: { tags: ['change-risk', 'quality-bar'] },
  };
}

/** A repository path as a relative URI reference: each segment percent-encoded (`#`, `%`, `?`, spaces). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The subset of SARIF 2.1.0 written here. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion?: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
  }[];
}

interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: Level };
  properties: { tags: string[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: SarifMessage;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
}
