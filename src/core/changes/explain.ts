/**
 * The change model's verdict in words, English and Japanese: the probability, the average change's,
 * and the (at most) three features that pushed this change's risk up most — each contribution is the
 * coefficient × the standardised value, so "most" is in the model's own units (log-odds).
 */
import type { Lang } from '../impact/messages';
import type { FeatureId } from './featureSet';
import type { ChangeScore, Contribution } from './model';

export const EXPLAINED_REASONS = 3;

export interface ChangeExplanation {
  /** "changes like this one needed a follow-up fix within 60 days 23 % of the time here (average change: 7 %) — mostly because …" */
  sentence: string;
  /** The reasons alone, strongest first. */
  reasons: string[];
}

type Phrase = (value: number) => string;

const count = (value: number) => Math.round(value).toLocaleString('en-US');
const share = (value: number) => (value > 0 && value < 0.005 ? '<1 %' : `${Math.round(value * 100)} %`);
const times = (value: number) => (Math.round(value) === 1 ? 'once' : Math.round(value) === 2 ? 'twice' : `${count(value)} times`);
const plural = (value: number, one: string, many = `${one}s`) => `${count(value)} ${Math.round(value) === 1 ? one : many}`;

const EN: Record<FeatureId, Phrase> = {
  ns: (v) => `spans ${plural(v, 'subsystem')}`,
  nd: (v) => `touches ${plural(v, 'folder')}`,
  nf: (v) => `changes ${plural(v, 'file')}`,
  entropy: () => 'spreads its lines over its files',
  la: (v) => `adds lines worth ${share(v)} of the touched files`,
  ld: (v) => `deletes lines worth ${share(v)} of the touched files`,
  lt: (v) => (v === 0 ? 'only adds new files' : `touches files of ${plural(v, 'line')} on average`),
  fix: () => 'is itself a fix',
  ndev: (v) => `touches files ${plural(v, 'person', 'people')} changed before`,
  age: (v) => `touches files last changed ${plural(v, 'day')} ago on average`,
  nuc: (v) => `touches files with ${plural(v, 'earlier change')}`,
  exp: (v) => `comes from an author with ${plural(v, 'earlier change')} here`,
  rexp: (v) => `comes from an author with ${plural(v, 'recent change')} here (older ones weigh less)`,
  sexp: (v) => `comes from an author with ${plural(v, 'earlier change')} in these subsystems`,
  linesAdded: (v) => `adds ${plural(v, 'line')}`,
  linesDeleted: (v) => `deletes ${plural(v, 'line')}`,
  priorFixes: (v) => `touches files fixed ${times(v)} in the last year`,
  recentFixLines: (v) => `touches ${plural(v, 'line')} fixed in the last 6 months`,
  recentFixes: (v) => `touches lines fixed ${times(v)} in the last 6 months`,
  incidentFiles: (v) => `touches ${plural(v, 'file')} linked to incidents`,
  legacyFiles: (v) => `touches ${plural(v, 'legacy file')}`,
  missingPartners: (v) => `leaves out ${plural(v, 'file')} that usually change with these`,
  missingTests: (v) => `changes ${plural(v, 'source file')} without their tests`,
};

const JA: Record<FeatureId, Phrase> = {
  ns: (v) => `${count(v)} つのサブシステムにまたがる`,
  nd: (v) => `${count(v)} 個のフォルダーに触れる`,
  nf: (v) => `${count(v)} ファイルを変更する`,
  entropy: () => '変更行が複数のファイルに分散している',
  la: (v) => `変更前の行数の ${share(v)} にあたる行を追加する`,
  ld: (v) => `変更前の行数の ${share(v)} にあたる行を削除する`,
  lt: (v) => (v === 0 ? '新しいファイルだけを追加する' : `平均 ${count(v)} 行のファイルに触れる`),
  fix: () => 'それ自体が修正である',
  ndev: (v) => `これまでに ${count(v)} 人が変更したファイルに触れる`,
  age: (v) => `平均 ${count(v)} 日前に最後に変更されたファイルに触れる`,
  nuc: (v) => `これまでに ${count(v)} 回変更されたファイルに触れる`,
  exp: (v) => `作成者のこのリポジトリでの変更は ${count(v)} 件`,
  rexp: (v) => `作成者の最近の経験は ${count(v)}（新しい変更ほど重く数える）`,
  sexp: (v) => `作成者のこれらのサブシステムでの変更は ${count(v)} 件`,
  linesAdded: (v) => `${count(v)} 行を追加する`,
  linesDeleted: (v) => `${count(v)} 行を削除する`,
  priorFixes: (v) => `直近 1 年に ${count(v)} 回修正されたファイルに触れる`,
  recentFixLines: (v) => `直近 6 か月に修正された ${count(v)} 行に触れる`,
  recentFixes: (v) => `直近 6 か月に ${count(v)} 回修正された行に触れる`,
  incidentFiles: (v) => `インシデントに関係したファイル ${count(v)} 件に触れる`,
  legacyFiles: (v) => `レガシーなファイル ${count(v)} 件に触れる`,
  missingPartners: (v) => `いつも一緒に変更されるファイル ${count(v)} 件が含まれていない`,
  missingTests: (v) => `テストを変更せずにソースファイル ${count(v)} 件を変更する`,
};

/**
 * A probability as the sentence shows it: whole percents, "<1 %" below one and ">99 %" above 99 — a
 * model learned from a few hundred changes is never certain, and "100 %" would say it is.
 */
export function percentText(probability: number): string {
  const rounded = Math.round(probability * 100);
  if (rounded === 0 && probability > 0) return '<1 %';
  if (rounded === 100 && probability < 1) return '>99 %';
  return `${rounded} %`;
}

/**
 * Features that say the same thing in other words: one reason per group, the strongest ("comes from an
 * author with 40 earlier changes here and comes from an author with 12 recent changes" says it twice).
 */
const GROUP: Partial<Record<FeatureId, string>> = {
  exp: 'experience',
  rexp: 'experience',
  sexp: 'experience',
  linesAdded: 'size',
  la: 'size',
  linesDeleted: 'deleted',
  ld: 'deleted',
  ns: 'spread',
  nd: 'spread',
  nf: 'spread',
  entropy: 'spread',
  recentFixLines: 'recent fixes',
  recentFixes: 'recent fixes',
};

/**
 * Features whose 0 is the absence of something: where the thing goes with fewer fixes, its absence pushes the risk
 * up, but "touches 0 legacy files" or "is itself a fix" (of a change that is none) is no reason a reader can use.
 */
const ABSENCE: ReadonlySet<FeatureId> = new Set(['la', 'ld', 'linesDeleted', 'fix', 'priorFixes', 'recentFixLines', 'recentFixes', 'incidentFiles', 'legacyFiles', 'missingPartners', 'missingTests']);

/**
 * A push smaller than this (in log-odds: the odds × 1.1) is no reason a reader should weigh: with twenty
 * features, a few always push up a little.
 */
export const MIN_REASON_CONTRIBUTION = 0.1;

/** The features that pushed the risk up (positive contributions), strongest first, one per group, at most `EXPLAINED_REASONS`. */
export function topReasons(score: ChangeScore): Contribution[] {
  const groups = new Set<string>();
  const reasons: Contribution[] = [];
  for (const entry of score.contributions) {
    if (entry.contribution < MIN_REASON_CONTRIBUTION || reasons.length === EXPLAINED_REASONS) break;
    const group = GROUP[entry.feature] ?? entry.feature;
    if (groups.has(group) || (entry.value === 0 && ABSENCE.has(entry.feature))) continue;
    groups.add(group);
    reasons.push(entry);
  }
  return reasons;
}

export function explainScore(score: ChangeScore, lang: Lang, windowDays: number): ChangeExplanation {
  const phrases = lang === 'ja' ? JA : EN;
  // Below the average, the features that pushed up did not carry it: "5 % (average 9 %) — mostly because it adds
  // 68 lines" would read as a warning about a change the model finds safer than most.
  const below = score.probability < score.baseRate;
  const reasons = below ? [] : topReasons(score).map((entry) => phrases[entry.feature](entry.value));
  const p = percentText(score.probability);
  const base = percentText(score.baseRate);
  if (lang === 'ja') {
    const head = `このリポジトリでは、このような変更の ${p} が ${windowDays} 日以内に追加の修正を必要としました（平均的な変更: ${base}）`;
    const tail = below ? '平均的な変更を下回ります。' : '目立つ要因はありません。';
    return { sentence: reasons.length > 0 ? `${head}。主な理由: ${reasons.join('、')}。` : `${head}。${tail}`, reasons };
  }
  const head = `changes like this one needed a follow-up fix within ${windowDays} days ${p} of the time here (average change: ${base})`;
  const tail = below ? 'below the average change' : 'nothing in it stands out';
  return { sentence: reasons.length > 0 ? `${head} — mostly because it ${joinEnglish(reasons)}` : `${head} — ${tail}`, reasons };
}

/** "a", "a and b", "a, b and c". */
function joinEnglish(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
