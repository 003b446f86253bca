/**
 * GitHub CODEOWNERS: the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`; for a path the last
 * matching pattern wins (a pattern with no owners leaves the path without owners).
 */
import type { Diagnostic } from '../diagnostics';
import { globMatcher, globProblem, type PathMatcher } from '../globs';
import { readRepositoryText } from '../team/files';
import { fileDiagnostic } from '../team/positions';

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;
/** GitHub reads CODEOWNERS files up to 3 MB. */
const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;

export interface CodeOwnersRule {
  pattern: string;
  owners: string[];
  line: number;
}

export interface CodeOwners {
  /** Repo-relative path of the file read. */
  file: string;
  rules: CodeOwnersRule[];
  /** Lines skipped because their pattern cannot be matched safely (too long, too many wildcards), one each. */
  skippedLines: Diagnostic[];
  /** Owners of a path by the last matching rule; empty when none matches. */
  ownersOf(path: string): string[];
}

/**
 * The first readable CODEOWNERS inside the repository: one linked from outside it is not read (its
 * owners would reach the PR); why one was passed over goes to `skipped`.
 */
export async function readCodeOwners(root: string, skipped: Diagnostic[] = []): Promise<CodeOwners | undefined> {
  for (const location of CODEOWNERS_LOCATIONS) {
    const outcome = await readRepositoryText(root, location, MAX_CODEOWNERS_BYTES);
    if (outcome.status === 'read') {
      const codeOwners = parseCodeOwners(outcome.text, location);
      skipped.push(...codeOwners.skippedLines);
      return codeOwners;
    }
    if (outcome.status === 'skipped') skipped.push(outcome.diagnostic);
  }
  return undefined;
}

export function parseCodeOwners(text: string, file: string): CodeOwners {
  const rules: CodeOwnersRule[] = [];
  const skippedLines: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const [written, ...owners] = line.split(/\s+/);
    const pattern = written!.replace(/\\#/g, '#');
    // A line from the repository may be hostile: one whose glob cannot be matched in bounded time is skipped, not run.
    const problem = codeOwnersGlobs(pattern).map(globProblem).find((found) => found !== undefined);
    if (problem) skippedLines.push(fileDiagnostic(file, 'warning', `line skipped: ${problem}`, index + 1));
    else rules.push({ pattern, owners, line: index + 1 });
  });
  const matchers: Array<{ rule: CodeOwnersRule; matches: PathMatcher }> = rules.map((rule) => ({ rule, matches: globMatcher(codeOwnersGlobs(rule.pattern)) }));
  return {
    file,
    rules,
    skippedLines,
    ownersOf(target: string): string[] {
      for (let i = matchers.length - 1; i >= 0; i--) if (matchers[i]!.matches(target)) return matchers[i]!.rule.owners;
      return [];
    },
  };
}

/**
 * A CODEOWNERS pattern as picomatch globs: a leading `/` or a `/` inside anchors it at the root, otherwise it
 * matches at any depth; a trailing `/` or a plain name also covers everything below; `docs/*` covers only files
 * directly in `docs`.
 */
export function codeOwnersGlobs(pattern: string): string[] {
  const anchored = pattern.startsWith('/') || pattern.replace(/\/$/, '').includes('/');
  const trimmed = pattern.replace(/^\//, '').replace(/\/$/, '');
  if (trimmed === '' || trimmed === '*' || trimmed === '**') return ['**'];
  const base = anchored ? trimmed : `**/${trimmed}`;
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (pattern.endsWith('/')) return [`${base}/**`];
  return lastSegment.includes('*') ? [base] : [base, `${base}/**`];
}
