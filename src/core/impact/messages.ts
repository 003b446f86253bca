/**
 * Every fixed text of the impact statement and the check, in English and Japanese (the risk reasons have their own
 * words: `risk/reasons.ts` and `risk/reasonsJa.ts`).
 */
import type { ChangeKind } from '../change/kinds';
import type { QualityRequirement } from '../quality/qualityBar';
import type { IncidentKind, RiskLevel } from '../team';
import type { BaseSource } from '../change/change';
import type { FileRole } from '../files/roles';

export const LANGS = ['en', 'ja'] as const;

/** "3,616". */
const count = (value: number) => value.toLocaleString('en-US');
export type Lang = (typeof LANGS)[number];

export interface Messages {
  title: string;
  drafted: string;
  prompts: { why: string; users: string; rollout: string; rollback: string; watch: string };
  summary(commits: number, files: number, added: number, removed: number): string;
  /** `base` and `mergeBase` come as Markdown code spans. */
  /** `base` and `mergeBase` come as code spans. */
  against(base: string, mergeBase: string, source: BaseSource): string;
  detached: string;
  uncommitted: string;
  binary(count: number): string;
  /** Code spans, as for `against`. */
  empty(base: string, mergeBase: string): string;
  /** How a role's files are counted in the summary: "3 source", "2 tests". */
  roleCount: Record<FileRole, (count: number) => string>;
  moved(count: number): string;
  folded(count: number): string;
  headings: {
    lines: string;
    files: string;
    kinds: string;
    incidents: string;
    reviewers: string;
    bar: string;
    rollout: string;
    monitoring: string;
  };
  level: Record<RiskLevel, string>;
  incidentKind: Record<IncidentKind, string>;
  changeKind: Record<ChangeKind, string>;
  requirement: Record<QualityRequirement, string>;
  /** "last changed by a fix", "last changed by a revert"… */
  lastChangedBy: Record<'revert' | 'reverted' | 'fix' | 'incident', string>;
  namedBy(incidents: string): string;
  daysAgo(days: number): string;
  olderWarnings(count: number): string;
  linesOf(path: string, lines: string, one: boolean): string;
  legacy: string;
  noTestChange: string;
  testToUpdate(tests: string): string;
  testToAdd(test: string): string;
  usuallyWith(partners: string, shared: number, commits: number): string;
  pureMove: string;
  movedWithChanges(added: number, removed: number): string;
  linesHidden(count: number): string;
  more(count: number): string;
  majorBump: string;
  deployOrder: Record<'code-first' | 'migration-first' | 'multi-step' | 'either', string>;
  rollback: Record<'reversible' | 'data-loss' | 'irreversible', string>;
  flagChange: Record<'added' | 'removed' | 'checked', string>;
  flagDefault(from: string, to: string): string;
  transitive(count: number): string;
  byBot(bots: string): string;
  allFiles: string;
  filesCount(count: number): string;
  /** Punctuation around the facts the draft strings together: half-width in English, full-width in Japanese. */
  punct: { open: string; close: string; colon: string; facts: string };
  reviewerSource: { codeowners: string; 'area-owner': string; 'main-author': string };
  lineHistoryLimited(checked: number, candidates: number): string;
  barDefaults(deployable: boolean): string;
  barStance: string;
  tolerance: string;
  filesWithoutTests(count: number): string;
  completePrompts: string;
  ownersToAsk(owners: string): string;
  seeBelow: string;
  flagDetected: string;
  flagMissing: string;
  budgetLine(count: number, kind: IncidentKind, period: string, limit: number): string;
  budgetExceeded(action: string): string;
  required: string;
  monitoring: { dashboards: string; alerts: string; logs: string; days(days: number): string };
  /** The change-level risk (issue #16): the statement's top block, the bar's limit, its localised "cannot rate" reasons. */
  changeRisk: {
    label: string;
    /** What the model learned from, and how to see how well it predicts. */
    basis(changes: number, positives: number): string;
    tooFewFixes(positives: number, needed: number): string;
    noOldChanges: string;
    /** The bar's line: "Change risk at most 20 %". */
    limit(max: string): string;
    notRated: string;
    nothingRated: string;
    /** The bar's line when the history cannot teach the model yet: what is missing, in a few words. */
    notEnoughFixes(positives: number, needed: number): string;
    notOldEnough(windowDays: number): string;
    /** Why a change risk asked for was not computed (`ChangeRiskSkip`). */
    turnedOff: string;
    noLimit: string;
  };
  check: {
    testChanges(file: string, rules: string, test?: string): string;
    impactStatement: string;
    impactStatementUnchecked: string;
    featureFlag(files: string, rules: string): string;
    ownerReview(owners: string, files: string): string;
    rollbackPlan(rules: string): string;
    monitoring(rules: string): string;
    unchecked(requirement: string): string;
    /** A PR-body requirement not found in a description the CI cut short. */
    truncated(requirement: string): string;
    budget(line: string, action: string): string;
    /** `why`: the model's sentence (explain.ts). */
    changeRisk(probability: string, max: string, rules: string, why: string): string;
    changeRiskUnchecked(max: string, rules: string, reason: string): string;
    allMet: string;
    summary(errors: number, warnings: number): string;
    emptyChange: string;
  };
}

const en: Messages = {
  title: 'Impact statement (draft)',
  drafted: '_Drafted by change-risk from git history and the incident ledger; complete the ✍️ prompts and edit freely._',
  prompts: { why: 'Why this change', users: 'What users will notice', rollout: 'Rollout', rollback: 'Rollback plan', watch: 'What to watch' },
  summary: (commits, files, added, removed) => `${commits} ${commits === 1 ? 'commit' : 'commits'}, ${files} ${files === 1 ? 'file' : 'files'} (+${added} −${removed})`,
  against: (base, mergeBase, source) => `against ${base}${source === 'option' ? '' : ' (detected)'} at merge-base ${mergeBase}`,
  detached: 'detached HEAD',
  uncommitted: 'includes uncommitted work',
  binary: (count) => `${count} binary`,
  empty: (base, mergeBase) => `No changes against ${base}: the branch and the work tree are at the merge-base ${mergeBase}.`,
  roleCount: {
    source: (n) => `${n} source`,
    test: (n) => `${n} ${n === 1 ? 'test' : 'tests'}`,
    docs: (n) => `${n} docs`,
    build: (n) => `${n} build/CI`,
    lint: (n) => `${n} lint/editor`,
    manifest: (n) => `${n} ${n === 1 ? 'manifest' : 'manifests'}`,
    lockfile: (n) => `${n} ${n === 1 ? 'lockfile' : 'lockfiles'}`,
    generated: (n) => `${n} generated`,
    vendored: (n) => `${n} vendored`,
    team: (n) => `${n} team ${n === 1 ? 'file' : 'files'}`,
  },
  moved: (count) => `${count} moved`,
  folded: (count) => `${count} generated or vendored (not listed)`,
  headings: {
    lines: '⚠️ Lines with a history',
    files: 'Files to look at',
    kinds: 'What kind of change',
    incidents: 'Related past incidents',
    reviewers: 'Suggested reviewers',
    bar: 'Quality bar',
    rollout: 'Rollout and rollback',
    monitoring: 'Monitoring after release',
  },
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
    submodule: 'Submodule bumps',
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
  lastChangedBy: { revert: 'last changed by a revert', reverted: 'last changed by a commit reverted later', fix: 'last changed by a fix', incident: 'last changed by a commit naming an incident' },
  namedBy: (incidents) => `named by ${incidents}`,
  daysAgo: (days) => (days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`),
  olderWarnings: (count) => `and ${count} more last changed by fixes over a year ago`,
  linesOf: (path, lines, one) => `${path} ${one ? 'line' : 'lines'} ${lines}`,
  legacy: 'legacy',
  noTestChange: 'no test change',
  testToUpdate: (tests) => `${tests} exists`,
  testToAdd: (test) => `none yet, e.g. ${test}`,
  usuallyWith: (partners, shared, commits) => `usually changes with ${partners} (${shared} of its ${commits} commits), not in this change`,
  pureMove: 'moved',
  movedWithChanges: (added, removed) => `moved, with +${added} −${removed}`,
  linesHidden: (count) => `…and ${count} more`,
  more: (count) => `…and ${count} more`,
  majorBump: 'major',
  deployOrder: { 'code-first': 'deploy the code first', 'migration-first': 'migrate before the code', 'multi-step': 'no single deploy order is safe', either: '' },
  rollback: { reversible: '', 'data-loss': 'a rollback does not bring the data back', irreversible: 'cannot be rolled back' },
  flagChange: { added: 'added', removed: 'removed', checked: 'checked' },
  flagDefault: (from, to) => `default ${from} → ${to}`,
  transitive: (count) => `${count} other indirect ${count === 1 ? 'package' : 'packages'}`,
  byBot: (bots) => `by ${bots}`,
  allFiles: 'all files',
  filesCount: (count) => `${count} files`,
  punct: { open: ' (', close: ')', colon: ': ', facts: '; ' },
  reviewerSource: { codeowners: 'CODEOWNERS', 'area-owner': 'area owner', 'main-author': 'main author' },
  lineHistoryLimited: (checked, candidates) => `_Line history checked for the ${checked} riskiest of ${candidates} files with fix history._`,
  barDefaults: (deployable) =>
    `_Default bar (no \`qualityBar.rules\` in \`.changerisk/config.yaml\`): changed high-risk or legacy source needs a test change and an impact statement${deployable ? ', and a plan for what to watch after release' : ' (a library: no monitoring plan)'}._`,
  barStance: 'Team stance',
  tolerance: 'Tolerance',
  filesWithoutTests: (count) => `${count} ${count === 1 ? 'file' : 'files'} without one, see above`,
  completePrompts: 'complete the ✍️ prompts in this draft',
  ownersToAsk: (owners) => `by one of ${owners}`,
  seeBelow: 'see below',
  flagDetected: 'flag change detected',
  flagMissing: 'no feature flag found in the change',
  budgetLine: (count, kind, period, limit) => `${count} ${kind === 'incident' ? (count === 1 ? 'incident' : 'incidents') : kind === 'regression' ? (count === 1 ? 'regression' : 'regressions') : kind === 'user-inquiry' ? (count === 1 ? 'user inquiry' : 'user inquiries') : count === 1 ? 'near-miss' : 'near-misses'} in ${period}, budget ${limit}`,
  budgetExceeded: (action) => `budget exceeded: ${action}`,
  required: 'required',
  monitoring: { dashboards: 'Dashboards', alerts: 'Alerts', logs: 'Logs', days: (days) => `for ${days} ${days === 1 ? 'day' : 'days'} after release` },
  changeRisk: {
    label: 'Change risk',
    basis: (changes, positives) =>
      `Learned from ${count(changes)} past ${changes === 1 ? 'change' : 'changes'} of this repository, ${count(positives)} of which needed a follow-up fix; \`change-risk backtest --changes\` shows how well it predicts here.`,
    tooFewFixes: (positives, needed) => `the history knows ${count(positives)} ${positives === 1 ? 'change' : 'changes'} that needed a follow-up fix; at least ${needed} are needed to learn from`,
    noOldChanges: 'the history has no change old enough to know whether it needed a follow-up fix',
    limit: (max) => `Change risk at most ${max}`,
    notRated: 'not rated',
    nothingRated: 'nothing it rates changed',
    notEnoughFixes: (positives, needed) => `not enough history yet (${count(positives)} of ${needed} fix-inducing changes needed)`,
    notOldEnough: (windowDays) => `not enough history yet (no change older than ${windowDays} days)`,
    turnedOff: 'not computed: turned off (--no-change-risk, or the action\'s change-risk input)',
    noLimit: 'not computed: no rule of the quality bar that applies to the change sets maxChangeRisk',
  },
  check: {
    testChanges: (file, rules, test) => `no test change for ${file} (${rules}): ${test ? `update ${test} or add a test` : 'add a test that covers the change'}`,
    impactStatement: 'the PR body has no impact section (fill the change-risk marker or write under an "Impact" heading)',
    impactStatementUnchecked: 'impact statement not checked: pass --pr-body FILE',
    featureFlag: (files, rules) => `no feature flag in the change, required for ${files} (${rules}): put the new behaviour behind a flag`,
    ownerReview: (owners, files) => `needs review by one of ${owners} (${files})`,
    rollbackPlan: (rules) => `the PR body has no rollback plan (${rules}): answer "Rollback plan" under "Rollout and rollback"`,
    monitoring: (rules) => `the PR body has no monitoring plan (${rules}): answer "What to watch" under "Monitoring after release"`,
    unchecked: (requirement) => `${requirement} not checked: pass --pr-body FILE`,
    truncated: (requirement) => `${requirement} not found in the part of the description the CI passed (it was truncated): pass the whole description with --pr-body FILE`,
    budget: (line, action) => `${line}: ${action}`,
    changeRisk: (probability, max, rules, why) =>
      `change risk ${probability} is over the ${max} the bar accepts (${rules}): ${why}. Split it into smaller changes, add tests for what it changes, or ask a second reviewer`,
    changeRiskUnchecked: (max, rules, reason) => `change risk not checked against the bar's ${max} (${rules}): ${reason}`,
    allMet: 'The quality bar is met.',
    summary: (errors, warnings) => `${errors} unmet ${errors === 1 ? 'requirement' : 'requirements'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`,
    emptyChange: 'No changes against the base: nothing to check.',
  },
};

const ja: Messages = {
  title: '影響範囲の説明（下書き）',
  drafted: '_change-risk が git の履歴とインシデント台帳から下書きしました。✍️ の項目を埋め、自由に編集してください。_',
  prompts: { why: 'この変更の理由', users: 'ユーザーへの影響', rollout: 'リリース手順', rollback: 'ロールバック手順', watch: 'リリース後に見ること' },
  summary: (commits, files, added, removed) => `${commits} コミット、${files} ファイル（+${added} −${removed}）`,
  against: (base, mergeBase, source) => `比較対象 ${base}${source === 'option' ? '' : '（自動検出）'}、merge-base ${mergeBase}`,
  detached: 'detached HEAD',
  uncommitted: '未コミットの変更を含む',
  binary: (count) => `バイナリ ${count}`,
  empty: (base, mergeBase) => `${base} との差分はありません。ブランチと作業ツリーは merge-base ${mergeBase} と同じです。`,
  roleCount: {
    source: (n) => `ソース ${n}`,
    test: (n) => `テスト ${n}`,
    docs: (n) => `ドキュメント ${n}`,
    build: (n) => `ビルド/CI ${n}`,
    lint: (n) => `lint/エディタ設定 ${n}`,
    manifest: (n) => `依存定義 ${n}`,
    lockfile: (n) => `ロックファイル ${n}`,
    generated: (n) => `生成物 ${n}`,
    vendored: (n) => `ベンダー ${n}`,
    team: (n) => `チームのファイル ${n}`,
  },
  moved: (count) => `移動 ${count}`,
  folded: (count) => `生成物・ベンダー ${count}（一覧なし）`,
  headings: {
    lines: '⚠️ 履歴のある行',
    files: '注意して見るファイル',
    kinds: '変更の種類',
    incidents: '関連する過去のインシデント',
    reviewers: 'レビュアー候補',
    bar: '品質基準',
    rollout: 'リリースとロールバック',
    monitoring: 'リリース後の監視',
  },
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
    submodule: 'サブモジュールの更新',
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
  lastChangedBy: { revert: '最後の変更はリバート', reverted: '最後の変更は後にリバートされたコミット', fix: '最後の変更は修正コミット', incident: '最後の変更はインシデントに言及したコミット' },
  namedBy: (incidents) => `${incidents} が記録した行`,
  daysAgo: (days) => (days <= 0 ? '今日' : `${days} 日前`),
  olderWarnings: (count) => `ほかに 1 年以上前の修正が最後に変更した行が ${count} か所`,
  linesOf: (path, lines) => `${path} の ${lines} 行目`,
  legacy: 'レガシー',
  noTestChange: 'テストの変更なし',
  testToUpdate: (tests) => `${tests} あり`,
  testToAdd: (test) => `テストはまだない（例：${test}）`,
  usuallyWith: (partners, shared, commits) => `普段は ${partners} と一緒に変更（${commits} コミット中 ${shared} 回）、今回は含まれていない`,
  pureMove: '移動',
  movedWithChanges: (added, removed) => `移動（+${added} −${removed}）`,
  linesHidden: (count) => `…ほか ${count} 件`,
  more: (count) => `…ほか ${count} 件`,
  majorBump: 'メジャー',
  deployOrder: { 'code-first': '先にコードをデプロイ', 'migration-first': 'コードより先にマイグレーション', 'multi-step': '一度のデプロイでは安全な順序がない', either: '' },
  rollback: { reversible: '', 'data-loss': 'ロールバックしてもデータは戻らない', irreversible: 'ロールバック不可' },
  flagChange: { added: '追加', removed: '削除', checked: '参照' },
  flagDefault: (from, to) => `既定値 ${from} → ${to}`,
  transitive: (count) => `ほか間接依存 ${count} 件`,
  byBot: (bots) => `${bots} による更新`,
  allFiles: 'すべてのファイル',
  filesCount: (count) => `${count} ファイル`,
  punct: { open: '（', close: '）', colon: '：', facts: '。' },
  reviewerSource: { codeowners: 'CODEOWNERS', 'area-owner': 'エリアのオーナー', 'main-author': '主な作者' },
  lineHistoryLimited: (checked, candidates) => `_修正履歴のある ${candidates} ファイルのうち、リスクの高い ${checked} ファイルの行履歴を確認しました。_`,
  barDefaults: (deployable) =>
    `_既定の基準（\`.changerisk/config.yaml\` に \`qualityBar.rules\` なし）：リスクの高いソースやレガシーのソースを変更するときは、テストの変更と影響範囲の説明${deployable ? '、リリース後に見ることの計画' : '（ライブラリのため監視計画は不要）'}が必要です。_`,
  barStance: 'チームの方針',
  tolerance: '許容度',
  filesWithoutTests: (count) => `テストの変更がないファイル ${count} 件（上記参照）`,
  completePrompts: 'この下書きの ✍️ の項目を埋める',
  ownersToAsk: (owners) => `${owners} のいずれか`,
  seeBelow: '下記参照',
  flagDetected: 'フラグの変更あり',
  flagMissing: 'フィーチャーフラグが見つかりません',
  budgetLine: (count, kind, period, limit) => `${period} の${ja.incidentKind[kind]} ${count} 件（予算 ${limit} 件）`,
  budgetExceeded: (action) => `予算超過：${action}`,
  required: '必須',
  monitoring: { dashboards: 'ダッシュボード', alerts: 'アラート', logs: 'ログ', days: (days) => `リリース後 ${days} 日間` },
  changeRisk: {
    label: '変更リスク',
    basis: (changes, positives) =>
      `このリポジトリの過去の変更 ${count(changes)} 件（うち追加の修正が必要だったもの ${count(positives)} 件）から学習しました。予測の精度は \`change-risk backtest --changes\` で確認できます。`,
    tooFewFixes: (positives, needed) => `追加の修正が必要だった変更が履歴に ${count(positives)} 件しかなく、学習には ${needed} 件以上必要です`,
    noOldChanges: '追加の修正が必要だったかを判断できるほど古い変更が履歴にありません',
    limit: (max) => `変更リスク ${max} 以下`,
    notRated: '算出できません',
    nothingRated: '評価対象の変更なし',
    notEnoughFixes: (positives, needed) => `履歴がまだ足りません（修正を誘発した変更 ${count(positives)} 件／必要 ${needed} 件）`,
    notOldEnough: (windowDays) => `履歴がまだ足りません（${windowDays} 日より古い変更がありません）`,
    turnedOff: '算出していません：オフにされています（--no-change-risk、またはアクションの change-risk 入力）',
    noLimit: '算出していません：この変更に当てはまる品質基準のルールに maxChangeRisk がありません',
  },
  check: {
    testChanges: (file, rules, test) => `${file} のテストの変更がありません（${rules}）：${test ? `${test} を更新するか、テストを追加してください` : '変更を確かめるテストを追加してください'}`,
    impactStatement: 'PR 本文に影響範囲の説明がありません（change-risk のマーカーを埋めるか、「Impact」見出しの下に書いてください）',
    impactStatementUnchecked: '影響範囲の説明は未確認：--pr-body FILE を指定してください',
    featureFlag: (files, rules) => `${files} にはフィーチャーフラグが必要ですが、変更に含まれていません（${rules}）：新しい振る舞いをフラグの後ろに置いてください`,
    ownerReview: (owners, files) => `${owners} のいずれかのレビューが必要です（${files}）`,
    rollbackPlan: (rules) => `PR 本文にロールバック手順がありません（${rules}）：「リリースとロールバック」の「ロールバック手順」に答えてください`,
    monitoring: (rules) => `PR 本文に監視計画がありません（${rules}）：「リリース後の監視」の「リリース後に見ること」に答えてください`,
    unchecked: (requirement) => `${requirement}は未確認：--pr-body FILE を指定してください`,
    truncated: (requirement) => `${requirement}は CI が渡した説明（途中で切られています）に見つかりません：--pr-body FILE で説明全体を渡してください`,
    budget: (line, action) => `${line}：${action}`,
    changeRisk: (probability, max, rules, why) =>
      `変更リスク ${probability} が品質基準の上限 ${max} を超えています（${rules}）：${why}変更を小さく分けるか、変更箇所のテストを追加するか、二人目のレビュアーに依頼してください`,
    changeRiskUnchecked: (max, rules, reason) => `変更リスクを品質基準の上限 ${max}（${rules}）と照合できません：${reason}`,
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
