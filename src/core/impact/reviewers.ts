/** Whom to ask for a review: CODEOWNERS, the areas' owners, and the active main authors of the risky files touched — never the change's own authors. */
import type { Change, ChangedFile } from '../change/change';
import type { CodeOwners } from '../change/codeowners';
import type { ChangeRiskEngine } from '../engine';
import { compareText } from '../history/history';
import type { FileRisk } from '../risk/riskModel';

export type ReviewerSource = 'codeowners' | 'area-owner' | 'main-author';

export interface SuggestedReviewer {
  /** `@handle` from CODEOWNERS or the config, or an author's name. */
  name: string;
  email?: string;
  sources: ReviewerSource[];
  files: string[];
}

export function reviewersOf(
  engine: ChangeRiskEngine,
  change: Change,
  riskOf: (file: ChangedFile) => FileRisk | undefined,
  codeOwners: CodeOwners | undefined,
): SuggestedReviewer[] {
  const authorEmails = new Set(change.authors.map((author) => author.email.toLowerCase()));
  const authorNames = new Set(change.authors.map((author) => author.name));
  const reviewers = new Map<string, SuggestedReviewer>();
  const add = (name: string, source: ReviewerSource, file: string, email?: string) => {
    const key = email ? `mail:${email.toLowerCase()}` : name;
    let reviewer = reviewers.get(key);
    if (!reviewer) reviewers.set(key, (reviewer = { name, ...(email ? { email } : {}), sources: [], files: [] }));
    if (!reviewer.sources.includes(source)) reviewer.sources.push(source);
    if (!reviewer.files.includes(file)) reviewer.files.push(file);
  };
  for (const file of change.files) {
    for (const owner of codeOwners?.ownersOf(file.path) ?? []) add(owner, 'codeowners', file.path);
    for (const owner of (engine.risk.areaOf(file.path) ?? (file.oldPath ? engine.risk.areaOf(file.oldPath) : undefined))?.owners ?? []) add(owner, 'area-owner', file.path);
    const risk = riskOf(file);
    const main = risk?.stats.mainAuthor;
    if (!risk || risk.level === 'none' || !main?.active) continue;
    if (authorEmails.has(main.email.toLowerCase()) || authorNames.has(main.name)) continue;
    add(main.name, 'main-author', file.path, main.email);
  }
  const order: ReviewerSource[] = ['codeowners', 'area-owner', 'main-author'];
  return [...reviewers.values()]
    .map((reviewer) => ({ ...reviewer, sources: order.filter((source) => reviewer.sources.includes(source)), files: reviewer.files.sort(compareText) }))
    .sort((a, b) => b.files.length - a.files.length || compareText(a.name, b.name));
}
