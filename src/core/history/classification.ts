import * as crypto from 'node:crypto';
import type { CompiledHistoryRules, RevertTarget } from '../team/historyRules';
import { subjectOf } from '../team/historyRules';
import type { HistoryRules } from '../team';
import type { HistoryData } from './historyData';
import { ShaLookup } from './shaLookup';

/**
 * What the team's history rules say of each commit (fix or not, the incident ids it names, the commit
 * it reverts) and of each file (ignored or not). Running the rules over a hundred thousand messages
 * and every path is the slowest part of a warm start, so the result is cached with the index, under a
 * key of the rules that produced it.
 */
export interface Classification {
  key: string;
  /** 1 where the commit reads as a fix (before bulk, bot and ignored commits are set aside). */
  fix: Uint8Array;
  /** Commits that name incident ids, and the ids (newline-separated), in the same order. */
  incidentCommits: Uint32Array;
  incidentIds: string[];
  /** 1 for each file identity whose path (its current one, or its last if deleted) the rules ignore. */
  ignoredFiles: Uint8Array;
  /** Pairs (revert, reverted): the revert commit, then the commit it reverts, both indexed. */
  reverts: Uint32Array;
}

/**
 * Bumped when the same rules classify differently (2: incident ids in upper case; 3: fixes read from
 * the subject line, reverts linked), so a cached verdict is not reused.
 */
const CLASSIFIER_VERSION = 3;
/** A revert naming only a subject is looked for among this many commits before it. */
const REVERT_SUBJECT_LOOKBACK = 5000;

export function classificationKey(rules: Pick<HistoryRules, 'fixPatterns' | 'nonFixPatterns' | 'incidentIdPatterns' | 'ignorePaths'>): string {
  const material = JSON.stringify([CLASSIFIER_VERSION, rules.fixPatterns, rules.nonFixPatterns, rules.incidentIdPatterns, rules.ignorePaths]);
  return crypto.createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/** What the rules say of one commit message, before the commit has its place in the index. */
export interface MessageVerdict {
  readonly fix: boolean;
  readonly ids: readonly string[];
  readonly revert: RevertTarget | undefined;
}

/** The verdicts on most messages (no incident id, no revert): shared, since the full read holds one per commit until it ends. */
const PLAIN_FIX: MessageVerdict = Object.freeze({ fix: true, ids: Object.freeze([]), revert: undefined });
const PLAIN_OTHER: MessageVerdict = Object.freeze({ fix: false, ids: Object.freeze([]), revert: undefined });

/**
 * The message rules' verdict on one message. The full read judges each commit as git hands it over,
 * while the other core is still producing the rest, instead of all of them once the read ends (on a
 * 73,000-commit history that was 0.6–0.9 s of linear-time regex matching after git had finished).
 */
export function judgeMessage(rules: CompiledHistoryRules, message: string): MessageVerdict {
  const fix = rules.isFix(message);
  const ids = rules.incidentIds(message);
  const revert = rules.revertOf(message);
  if (ids.length === 0 && revert === undefined) return fix ? PLAIN_FIX : PLAIN_OTHER;
  return { fix, ids, revert };
}

/**
 * Classifies every commit and file, reusing `previous` for the commits it covers when it was made
 * with the same rules (commits are only ever appended to an index), and for the files none of the
 * newer commits touched (only a commit gives a file a new path). `judged[i]`, where given, is
 * `judgeMessage` of commit i's message under the same rules.
 */
export function classify(
  data: HistoryData,
  rules: CompiledHistoryRules,
  key: string,
  previous?: Classification,
  judged?: readonly (MessageVerdict | undefined)[],
): Classification {
  const reusable = previous?.key === key && previous.fix.length <= data.commitCount ? previous : undefined;
  if (reusable && reusable.fix.length === data.commitCount) return reusable;
  const start = reusable?.fix.length ?? 0;
  const ignoredFiles = new Uint8Array(data.filePaths.length);
  const judge = (file: number) => (ignoredFiles[file] = rules.isIgnoredPath(data.filePaths[file]!) ? 1 : 0);
  if (reusable) {
    ignoredFiles.set(reusable.ignoredFiles);
    for (let k = data.commitFileOffsets[start]!; k < data.commitFileIds.length; k++) judge(data.commitFileIds[k]!);
  } else {
    for (let file = 0; file < data.filePaths.length; file++) judge(file);
  }
  const fix = new Uint8Array(data.commitCount);
  if (reusable) fix.set(reusable.fix);
  const incidentCommits: number[] = reusable ? Array.from(reusable.incidentCommits) : [];
  const incidentIds: string[] = reusable ? [...reusable.incidentIds] : [];
  const reverts: number[] = reusable ? Array.from(reusable.reverts) : [];
  const decoder = new TextDecoder();
  const messageOf = (i: number) => decoder.decode(data.messages.subarray(data.messageOffsets[i], data.messageOffsets[i + 1]));
  const commits = new CommitLookup(data, messageOf);
  for (let i = start; i < data.commitCount; i++) {
    const { fix: isFix, ids, revert: target } = judged?.[i] ?? judgeMessage(rules, messageOf(i));
    if (isFix) fix[i] = 1;
    if (ids.length > 0) {
      incidentCommits.push(i);
      incidentIds.push(ids.join('\n'));
    }
    if (target) {
      const reverted = revertedCommit(commits, i, target.sha, target.subject);
      if (reverted !== undefined) reverts.push(i, reverted);
    }
  }
  return { key, fix, incidentCommits: Uint32Array.from(incidentCommits), incidentIds, ignoredFiles, reverts: Uint32Array.from(reverts) };
}

/**
 * The commit a revert undoes: the one its "This reverts commit <sha>" names, else the latest earlier
 * commit whose subject is the quoted one (squash merges and cherry-picks drop the sha line).
 */
function revertedCommit(commits: CommitLookup, revert: number, sha: string | undefined, subject: string | undefined): number | undefined {
  if (sha) {
    const found = commits.find(sha);
    if (found !== undefined && found !== revert) return found;
  }
  if (!subject) return undefined;
  for (let i = revert - 1; i >= 0 && i >= revert - REVERT_SUBJECT_LOOKBACK; i--) {
    if (commits.subject(i) === subject) return i;
  }
  return undefined;
}

/**
 * The look-ups of one classification: a long history has thousands of reverts, each searching the
 * subjects of up to 5000 commits before it, so each subject is decoded once (and shas are found
 * through a `ShaLookup`).
 */
class CommitLookup {
  private readonly subjects: (string | undefined)[];
  private readonly shas: ShaLookup;

  constructor(
    data: HistoryData,
    private readonly messageOf: (i: number) => string,
  ) {
    this.subjects = new Array<string | undefined>(data.commitCount);
    this.shas = new ShaLookup(data);
  }

  subject(i: number): string {
    return (this.subjects[i] ??= subjectOf(this.messageOf(i)));
  }

  find(sha: string): number | undefined {
    return this.shas.find(sha);
  }
}

