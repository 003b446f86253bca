/** The reason sentences in Japanese: the same facts, numbers and dates as the English ones (`EN_REASONS`). */
import type { ReasonWords } from './reasons';

const DAY = 24 * 3600;

/** 「6 年」「5 か月」「12 日」: the largest whole unit, as `duration` does in English. */
export function durationJa(seconds: number): string {
  const days = Math.max(0, Math.floor(seconds / DAY));
  if (days >= 365) return `${Math.floor(days / 365.25)} 年`;
  if (days >= 30) return `${Math.floor(days / 30.44)} か月`;
  return `${days} 日`;
}

const KIND: Record<string, string> = { incident: 'インシデント', regression: 'リグレッション', 'user-inquiry': '問い合わせ', 'near-miss': 'ヒヤリハット' };
const LEVEL: Record<string, string> = { high: '高', medium: '中', low: '低', none: 'なし' };

export const JA_REASONS: ReasonWords = {
  override: (level, reason) => `チームがリスク「${LEVEL[level] ?? level}」と指定${reason ? `：${reason}` : ''}`,
  incident: (id, kind, month) => `${id} ${KIND[kind] ?? kind}（${month}）`,
  moreIncidents: (count) => `、ほか ${count} 件`,
  unrecorded: (ids) => `コミットが ${ids} に言及していますが、台帳にポストモーテムがありません`,
  reverted: (times, recent, last) =>
    recent === 0 ? `${times} 回リバートされ、最後は ${last}` : recent === times ? `直近 6 か月に ${times} 回リバート` : `${times} 回リバート（うち直近 6 か月に ${recent} 回）`,
  recentFixes: (recent, latest, fixes, commits) => `直近 12 か月に修正 ${recent} 件、最新は ${latest}（全 ${commits} コミット中 ${fixes} 件が修正）`,
  oldFixes: (fixes, commits, latest) => `全 ${commits} コミット中 ${fixes} 件が修正、最新は ${latest}`,
  legacyDeclared: (area, note) => `レガシーのエリア「${area}」（宣言済み）${note ? `：${note}` : ''}`,
  legacyDetected: (since, author, share, away) => `最後の変更は ${durationJa(since)}前。主な作者（${author}、コミットの ${share}）は ${durationJa(away)}コミットしていません`,
  knowledge: (authors, author, away) => `作者 ${authors} 人のうち活動中の人はいません。主な作者（${author}）は ${durationJa(away)}前に離れました`,
  churn: (commits) => `直近 6 か月に ${commits} コミットで変更`,
};
