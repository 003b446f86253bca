/**
 * Every fixed text of the impact statement and the check, in English and Japanese. The engine's reason sentences
 * (risk reasons) stay in English for now.
 */
import type { ChangeKind } from '../change/kinds';
import type { QualityRequirement } from '../quality/qualityBar';
import type { IncidentKind, RiskLevel } from '../team';
import type { BaseSource } from '../change/change';

export const LANGS = ['en', 'ja'] as const;
export type Lang = (typeof LANGS)[number];

export interface Messages {
  title: string;
  drafted: string;
  prompts: { why: string; users: string; rollout: string; rollback: string; watch: string };
  summary(commits: number, files: number, added: number, removed: number): string;
  /** `base` and `mergeBase` come as Markdown code spans. */
  against(base: string, mergeBase: string, source: BaseSource): string;
  detached: string;
  uncommitted: string;
  binary(count: number): string;
  /** Code spans, as for `against`. */
  empty(base: string, mergeBase: string): string;
  headings: {
    areas: string;
    risky: string;
    incidents: string;
    kinds: string;
    coChanges: string;
    missingTests: string;
    reviewers: string;
    bar: string;
    rollout: string;
    monitoring: string;
  };
  columns: {
    area: string;
    risk: string;
    files: string;
    owners: string;
    incident: string;
    date: string;
    kind: string;
    severity: string;
    titleColumn: string;
    postmortem: string;
    notChanged: string;
    changesWith: string;
    howOften: string;
    changed: string;
    expectedTest: string;
  };
  noArea: string;
  legacy: string;
  level: Record<RiskLevel, string>;
  incidentKind: Record<IncidentKind, string>;
  changeKind: Record<ChangeKind, string>;
  requirement: Record<QualityRequirement, string>;
  ledgerLines(lines: string, incidents: string): string;
  historyLines(lines: string, commit: string): string;
  linesTouchedMark: string;
  coChangeRate(degree: number, commits: number): string;
  testExists: string;
  testMissing: string;
  more(count: number): string;
  reviewerSource: { codeowners: string; 'area-owner': string; 'main-author': string };
  lineHistoryLimited(checked: number, candidates: number): string;
  barDefaults: string;
  barStance: string;
  tolerance: string;
  missingFor(files: string): string;
  completePrompts: string;
  ownersToAsk(owners: string): string;
  seeBelow: string;
  flagDetected: string;
  flagMissing: string;
  budgetLine(count: number, kind: IncidentKind, period: string, limit: number): string;
  budgetExceeded(action: string): string;
  required: string;
  monitoring: { dashboards: string; alerts: string; logs: string; days(days: number): string };
  reasonsInEnglish: string;
  check: {
    testChanges(files: string): string;
    impactStatement: string;
    impactStatementUnchecked: string;
    featureFlag(files: string): string;
    ownerReview(owners: string, files: string): string;
    rollbackPlan: string;
    monitoring: string;
    unchecked(requirement: string): string;
    budget(line: string, action: string): string;
    allMet: string;
    summary(errors: number, warnings: number): string;
    emptyChange: string;
  };
}

const en: Messages = {
  title: 'Impact statement (draft)',
  drafted: '_Drafted by change-risk from git history and the incident ledger; complete the ✍️ prompts and edit freely._',
  prompts: { why: 'Why this change', users: 'What users will notice', rollout: 'Rollout', rollback: 'Rollback plan', watch: 'What to watch' },
  summary: (commits, files, added, removed) => `${commits} ${commits === 1 ? 'commit' : 'commits'}, ${files} ${files === 1 ? 'file' : 'files'} changed (+${added} −${removed})`,
  against: (base, mergeBase, source) => `against ${base}${source === 'option' ? '' : ' (detected)'} at merge-base ${mergeBase}`,
  detached: 'detached HEAD',
  uncommitted: 'includes uncommitted work',
  binary: (count) => `${count} binary ${count === 1 ? 'file' : 'files'}`,
  empty: (base, mergeBase) => `No changes against ${base}: the branch and the work tree are at the merge-base ${mergeBase}.`,
  headings: {
    areas: 'Affected areas',
    risky: 'Risky files touched',
    incidents: 'Related past incidents',
    kinds: 'Kinds of change',
    coChanges: 'Usually changed together, but not in this change',
    missingTests: 'Source changes without test changes',
    reviewers: 'Suggested reviewers',
    bar: 'Quality bar',
    rollout: 'Rollout and rollback',
    monitoring: 'Monitoring after release',
  },
  columns: {
    area: 'Area',
    risk: 'Risk',
    files: 'Files',
    owners: 'Owners',
    incident: 'Incident',
    date: 'Date',
    kind: 'Kind',
    severity: 'Severity',
    titleColumn: 'Title',
    postmortem: 'Postmortem and links',
    notChanged: 'Not in the change',
    changesWith: 'Usually changes with',
    howOften: 'How often',
    changed: 'Changed',
    expectedTest: 'Expected test',
  },
  noArea: '(no area)',
  legacy: 'legacy',
  level: { high: 'high', medium: 'medium', low: 'low', none: 'none' },
  incidentKind: { incident: 'incident', regression: 'regression', 'user-inquiry': 'user inquiry', 'near-miss': 'near-miss' },
  changeKind: {
    migration: 'Database migration',
    schema: 'Database schema',
    routes: 'Routes',
    config: 'Configuration',
    env: 'New environment variables',
    dependencies: 'Dependencies',
    lockfile: 'Lockfiles',
    jobs: 'Background jobs',
    'api-schema': 'API / GraphQL schema',
    'feature-flags': 'Feature flags',
    'build-deploy': 'Build and deployment',
    deletion: 'Deleted files',
    rename: 'Renamed files',
  },
  requirement: {
    impactStatement: 'Impact statement',
    testChanges: 'Test changes',
    featureFlag: 'Behind a feature flag',
    ownerReview: 'Review by an owner',
    rollbackPlan: 'Rollback plan',
    monitoring: 'Monitoring plan',
  },
  ledgerLines: (lines, incidents) => `changes lines ${lines} named by ${incidents}`,
  historyLines: (lines, commit) => `changes lines ${lines} last changed by ${commit}`,
  linesTouchedMark: 'lines touched',
  coChangeRate: (degree, commits) => `${degree}% (${commits} commits)`,
  testExists: 'exists, unchanged',
  testMissing: 'none yet',
  more: (count) => `…and ${count} more`,
  reviewerSource: { codeowners: 'CODEOWNERS', 'area-owner': 'area owner', 'main-author': 'main author' },
  lineHistoryLimited: (checked, candidates) => `_Line history checked for the ${checked} riskiest of ${candidates} files with fix history._`,
  barDefaults: '_Default bar: no `qualityBar.rules` in `.changerisk/config.yaml`, so high-risk and legacy files need test changes, an impact statement and a monitoring plan._',
  barStance: 'Team stance',
  tolerance: 'Tolerance',
  missingFor: (files) => `missing for ${files}`,
  completePrompts: 'complete the ✍️ prompts in this draft',
  ownersToAsk: (owners) => `by one of ${owners}`,
  seeBelow: 'see below',
  flagDetected: 'flag change detected',
  flagMissing: 'no feature flag found in the change',
  budgetLine: (count, kind, period, limit) => `${count} ${kind === 'incident' ? (count === 1 ? 'incident' : 'incidents') : kind === 'regression' ? (count === 1 ? 'regression' : 'regressions') : kind === 'user-inquiry' ? (count === 1 ? 'user inquiry' : 'user inquiries') : count === 1 ? 'near-miss' : 'near-misses'} in ${period}, budget ${limit}`,
  budgetExceeded: (action) => `budget exceeded: ${action}`,
  required: 'required',
  monitoring: { dashboards: 'Dashboards', alerts: 'Alerts', logs: 'Logs', days: (days) => `for ${days} ${days === 1 ? 'day' : 'days'} after release` },
  reasonsInEnglish: '',
  check: {
    testChanges: (files) => `no test change for ${files}`,
    impactStatement: 'the PR body has no impact section (fill the change-risk marker or write under an "Impact" heading)',
    impactStatementUnchecked: 'impact statement not checked: pass --pr-body FILE',
    featureFlag: (files) => `no feature flag in the change, required for ${files}`,
    ownerReview: (owners, files) => `needs review by one of ${owners} (${files})`,
    rollbackPlan: 'the PR body has no rollback plan',
    monitoring: 'the PR body has no monitoring plan',
    unchecked: (requirement) => `${requirement} not checked: pass --pr-body FILE`,
    budget: (line, action) => `${line}: ${action}`,
    allMet: 'The quality bar is met.',
    summary: (errors, warnings) => `${errors} unmet ${errors === 1 ? 'requirement' : 'requirements'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`,
    emptyChange: 'No changes against the base: nothing to check.',
  },
};

const ja: Messages = {
  title: '影響範囲の説明（下書き）',
  drafted: '_change-risk が git の履歴とインシデント台帳から下書きしました。✍️ の項目を埋め、自由に編集してください。_',
  prompts: { why: 'この変更の理由', users: 'ユーザーへの影響', rollout: 'リリース手順', rollback: 'ロールバック手順', watch: 'リリース後に見ること' },
  summary: (commits, files, added, removed) => `${commits} コミット、${files} ファイル変更（+${added} −${removed}）`,
  against: (base, mergeBase, source) => `比較対象 ${base}${source === 'option' ? '' : '（自動検出）'}、merge-base ${mergeBase}`,
  detached: 'detached HEAD',
  uncommitted: '未コミットの変更を含む',
  binary: (count) => `バイナリファイル ${count} 件`,
  empty: (base, mergeBase) => `${base} との差分はありません。ブランチと作業ツリーは merge-base ${mergeBase} と同じです。`,
  headings: {
    areas: '影響するエリア',
    risky: '変更したリスクの高いファイル',
    incidents: '関連する過去のインシデント',
    kinds: '変更の種類',
    coChanges: '普段は一緒に変更されるが、今回含まれていないファイル',
    missingTests: 'テストの変更がないソース変更',
    reviewers: 'レビュアー候補',
    bar: '品質基準',
    rollout: 'リリースとロールバック',
    monitoring: 'リリース後の監視',
  },
  columns: {
    area: 'エリア',
    risk: 'リスク',
    files: 'ファイル数',
    owners: 'オーナー',
    incident: 'インシデント',
    date: '日付',
    kind: '種類',
    severity: '重大度',
    titleColumn: 'タイトル',
    postmortem: 'ポストモーテムとリンク',
    notChanged: '今回含まれていないファイル',
    changesWith: '一緒に変更されることが多いファイル',
    howOften: '頻度',
    changed: '変更したファイル',
    expectedTest: '想定されるテスト',
  },
  noArea: '（エリアなし）',
  legacy: 'レガシー',
  level: { high: '高', medium: '中', low: '低', none: 'なし' },
  incidentKind: { incident: 'インシデント', regression: 'リグレッション', 'user-inquiry': '問い合わせ', 'near-miss': 'ヒヤリハット' },
  changeKind: {
    migration: 'DB マイグレーション',
    schema: 'DB スキーマ',
    routes: 'ルーティング',
    config: '設定',
    env: '新しい環境変数',
    dependencies: '依存関係',
    lockfile: 'ロックファイル',
    jobs: 'バックグラウンドジョブ',
    'api-schema': 'API / GraphQL スキーマ',
    'feature-flags': 'フィーチャーフラグ',
    'build-deploy': 'ビルドとデプロイ',
    deletion: '削除したファイル',
    rename: '名前を変更したファイル',
  },
  requirement: {
    impactStatement: '影響範囲の説明',
    testChanges: 'テストの変更',
    featureFlag: 'フィーチャーフラグ',
    ownerReview: 'オーナーのレビュー',
    rollbackPlan: 'ロールバック手順',
    monitoring: '監視計画',
  },
  ledgerLines: (lines, incidents) => `${incidents} が記録した ${lines} 行目を変更`,
  historyLines: (lines, commit) => `修正コミット ${commit} が最後に変更した ${lines} 行目を変更`,
  linesTouchedMark: '該当行を変更',
  coChangeRate: (degree, commits) => `${degree}%（${commits} コミット）`,
  testExists: 'あり（未変更）',
  testMissing: 'まだない',
  more: (count) => `…ほか ${count} 件`,
  reviewerSource: { codeowners: 'CODEOWNERS', 'area-owner': 'エリアのオーナー', 'main-author': '主な作者' },
  lineHistoryLimited: (checked, candidates) => `_修正履歴のある ${candidates} ファイルのうち、リスクの高い ${checked} ファイルの行履歴を確認しました。_`,
  barDefaults: '_既定の基準：`.changerisk/config.yaml` に `qualityBar.rules` がないため、リスクの高いファイルとレガシーのファイルにはテストの変更、影響範囲の説明、監視計画が必要です。_',
  barStance: 'チームの方針',
  tolerance: '許容度',
  missingFor: (files) => `${files} に不足`,
  completePrompts: 'この下書きの ✍️ の項目を埋める',
  ownersToAsk: (owners) => `${owners} のいずれか`,
  seeBelow: '下記参照',
  flagDetected: 'フラグの変更あり',
  flagMissing: 'フィーチャーフラグが見つかりません',
  budgetLine: (count, kind, period, limit) => `${period} の${ja.incidentKind[kind]} ${count} 件（予算 ${limit} 件）`,
  budgetExceeded: (action) => `予算超過：${action}`,
  required: '必須',
  monitoring: { dashboards: 'ダッシュボード', alerts: 'アラート', logs: 'ログ', days: (days) => `リリース後 ${days} 日間` },
  reasonsInEnglish: '_リスクの理由は英語で表示されます。_',
  check: {
    testChanges: (files) => `${files} のテストの変更がありません`,
    impactStatement: 'PR 本文に影響範囲の説明がありません（change-risk のマーカーを埋めるか、「Impact」見出しの下に書いてください）',
    impactStatementUnchecked: '影響範囲の説明は未確認：--pr-body FILE を指定してください',
    featureFlag: (files) => `${files} にはフィーチャーフラグが必要ですが、変更に含まれていません`,
    ownerReview: (owners, files) => `${owners} のいずれかのレビューが必要です（${files}）`,
    rollbackPlan: 'PR 本文にロールバック手順がありません',
    monitoring: 'PR 本文に監視計画がありません',
    unchecked: (requirement) => `${requirement}は未確認：--pr-body FILE を指定してください`,
    budget: (line, action) => `${line}：${action}`,
    allMet: '品質基準を満たしています。',
    summary: (errors, warnings) => `未達 ${errors} 件、警告 ${warnings} 件`,
    emptyChange: '比較対象との差分はありません。確認することはありません。',
  },
};

export const MESSAGES: Record<Lang, Messages> = { en, ja };

export function messages(lang: Lang): Messages {
  return MESSAGES[lang];
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}
