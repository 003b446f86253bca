/**
 * Environment variables a change really introduces. A variable read in an added line is new only when no removed
 * line of ANY file of the change reads it (code moved between files reads the same variables) and, when the caller
 * can ask the repository, when nothing at the base mentions it (see `git/grep.ts`).
 */
import { compareText } from '../history/history';
import type { ChangedFile } from './change';
import { numberedAddedLines } from './diffLines';

/** Reads of environment variables: Ruby, Node, Python, Go, Java. Each pattern is linear (no nested quantifiers). */
const ENV_READS = [
  /\bENV\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]/g,
  /\bENV\.fetch\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /\bprocess\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /\bprocess\.env\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\]/g,
  /\bos\.(?:environ\.get|getenv)\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /\bos\.environ\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]/g,
  /\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
  /\bSystem\.getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
];

/** Names of environment variables read on one line, in order of appearance. */
export function envVarsOnLine(line: string): string[] {
  const found: Array<{ name: string; at: number }> = [];
  for (const pattern of ENV_READS) for (const match of line.matchAll(pattern)) found.push({ name: match[1]!, at: match.index });
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.name);
}

export function envVarsIn(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) for (const name of envVarsOnLine(line)) names.add(name);
  return names;
}

export interface NewEnvVar {
  name: string;
  /** The first added line reading it: file and line in the new version. */
  file: string;
  line: number;
}

/**
 * Variables read in added lines of the change and in no removed line of any of its files, each with its first
 * reading (files in path order). Sorted by name.
 */
export function newEnvVarsOfChange(files: readonly ChangedFile[]): NewEnvVar[] {
  const before = new Set<string>();
  for (const file of files) for (const name of envVarsIn(file.removedLines)) before.add(name);
  const found = new Map<string, NewEnvVar>();
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
    for (const { text, line } of numberedAddedLines(file)) {
      for (const name of envVarsOnLine(text)) if (!before.has(name) && !found.has(name)) found.set(name, { name, file: file.path, line });
    }
  }
  return [...found.values()].sort((a, b) => compareText(a.name, b.name));
}

/** Which of `names` the repository already mentions at the base (e.g. `namesMentionedAt` of `git/grep.ts`). */
export type AlreadyRead = (names: readonly string[]) => Promise<ReadonlySet<string>>;

/** `newEnvVarsOfChange`, less the variables `alreadyRead` finds elsewhere in the repository at the base. */
export async function reallyNewEnvVars(files: readonly ChangedFile[], alreadyRead?: AlreadyRead): Promise<NewEnvVar[]> {
  const candidates = newEnvVarsOfChange(files);
  if (!alreadyRead || candidates.length === 0) return candidates;
  const known = await alreadyRead(candidates.map((candidate) => candidate.name));
  return candidates.filter((candidate) => !known.has(candidate.name));
}
