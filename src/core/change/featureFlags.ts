/**
 * Feature flags a change adds, removes, checks or switches, by library: Flipper, Flipflop, Rollout, LaunchDarkly,
 * Unleash and plain environment toggles. A flag checked in added lines and in no removed line of the change is
 * new ("added"), or "checked" when the repository already mentioned it at the base; a check that only moved between
 * files is not reported. Declarations with defaults (Flipflop's `config/features.rb`, Flipper YAML) are compared
 * declaration by declaration. Line-based; every regex is linear.
 */
import { compareText } from '../history/history';
import type { ChangedFile } from './change';
import { numberedAddedLines, numberedRemovedLines, type NumberedLine } from './diffLines';
import { envVarsOnLine } from './envVars';
import { declarationLibrary, defaultValue, enclosingDeclaration, parseDeclarations, type FlagDeclaration } from './flagDeclarations';

export type FlagLibrary = 'flipper' | 'flipflop' | 'rollout' | 'launchdarkly' | 'unleash' | 'env';
export type FlagChangeKind = 'added' | 'removed' | 'default-switched' | 'checked';

export interface FlagChange {
  library: FlagLibrary;
  flag: string;
  change: FlagChangeKind;
  /** Default or state before and after (declarations, `Flipper.enable`, `$rollout.activate`). */
  from?: string;
  to?: string;
  file: string;
  /** In the new version; for a removal, in the base version. */
  line: number;
}

/** A changed file; `newText`/`oldText` (whole versions) let a default changed alone on its line be named. */
export type FlagFile = Pick<ChangedFile, 'path' | 'addedLines' | 'removedLines' | 'oldHunks' | 'newHunks'> & { newText?: string; oldText?: string };

export interface FlagUse {
  library: FlagLibrary;
  flag: string;
  /** `check` reads the flag; any other value is the toggle method (`enable`, `activate_percentage`, …). */
  use: 'check' | string;
}

const NAME = String.raw`(?::([A-Za-z_]\w*[?!]?)|['"]([\w.:/-]+)['"])`;
const USES: Array<{ library: FlagLibrary; pattern: RegExp; method?: number }> = [
  { library: 'flipper', pattern: new RegExp(String.raw`\bFlipper\.(enabled\?|feature)\s*\(?\s*${NAME}`, 'g'), method: 1 },
  { library: 'flipper', pattern: new RegExp(String.raw`\bFlipper\[\s*${NAME}`, 'g') },
  {
    library: 'flipper',
    pattern: new RegExp(String.raw`\bFlipper\.((?:enable|disable)(?:_actor|_group|_percentage_of_actors|_percentage_of_time)?)\s*\(?\s*${NAME}`, 'g'),
    method: 1,
  },
  { library: 'flipflop', pattern: new RegExp(String.raw`\bFlipflop\.enabled\?\s*\(?\s*${NAME}`, 'g') },
  { library: 'flipflop', pattern: /\bFlipflop\.(?!enabled\?|configure\b|feature_set\b)([a-z_]\w*)\?/g },
  {
    library: 'rollout',
    pattern: new RegExp(String.raw`(?:\$|\b)(?:rollout|ROLLOUT)\.(active\?|(?:de)?activate(?:_user|_group|_percentage|_users)?)\s*\(?\s*${NAME}`, 'g'),
    method: 1,
  },
  { library: 'launchdarkly', pattern: /\b(?:[a-z]+Variation(?:Detail)?|[a-z]+_variation(?:_detail)?|variation(?:_detail|Detail)?)\s*\(\s*['"]([\w.:-]+)['"]/g },
  { library: 'unleash', pattern: /(?:\bisEnabled\s*\(\s*|\bis_enabled\?\s*\(?\s*)['"]([\w.:-]+)['"]/g },
];
const USE_FLAGS = /\{([\w\s,:]+)\}\s*=\s*useFlags\s*\(/;
/** Environment variables that are toggles by name. */
const ENV_TOGGLE = /^(?:FEATURE|FF|ENABLE|DISABLE)_|_(?:ENABLED|DISABLED|FEATURE|FLAG)$/;

/** Flag checks and toggles on one line of code. */
export function flagUsesOnLine(line: string): FlagUse[] {
  const uses: FlagUse[] = [];
  for (const { library, pattern, method } of USES) {
    for (const match of line.matchAll(pattern)) {
      const groups = match.slice(1).filter((group, index) => group !== undefined && index + 1 !== method);
      const flag = groups[0];
      if (flag === undefined) continue;
      const how = method !== undefined ? match[method]! : 'check';
      uses.push({ library, flag, use: how === 'enabled?' || how === 'active?' || how === 'feature' ? 'check' : how });
    }
  }
  const destructured = USE_FLAGS.exec(line);
  if (destructured) {
    for (const part of destructured[1]!.split(',')) {
      const flag = part.split(':')[0]!.trim();
      if (/^\w+$/.test(flag)) uses.push({ library: 'launchdarkly', flag, use: 'check' });
    }
  }
  for (const name of envVarsOnLine(line)) if (ENV_TOGGLE.test(name)) uses.push({ library: 'env', flag: name, use: 'check' });
  return uses;
}

/** Flag changes of a change, sorted by file, line, flag. Synchronous: nothing outside the diff is consulted. */
export function featureFlagChanges(files: readonly FlagFile[]): FlagChange[] {
  return collect(files).changes;
}

/**
 * `featureFlagChanges`, with flags newly checked in code looked up at the base (`namesMentionedAt` of `git/grep.ts`):
 * a flag the repository already mentioned is "checked", not "added".
 */
export async function featureFlagChangesAtBase(files: readonly FlagFile[], knownAtBase: (names: readonly string[]) => Promise<ReadonlySet<string>>): Promise<FlagChange[]> {
  const { changes, newChecks } = collect(files);
  if (newChecks.size === 0) return changes;
  const known = await knownAtBase([...new Set([...newChecks].map((change) => change.flag))]);
  return changes.map((change) => (newChecks.has(change) && known.has(change.flag) ? { ...change, change: 'checked' } : change));
}

function collect(files: readonly FlagFile[]): { changes: FlagChange[]; newChecks: Set<FlagChange> } {
  const changes: FlagChange[] = [];
  const declared = new Set<string>();
  for (const file of files) {
    for (const change of declarationChanges(file)) {
      changes.push(change);
      declared.add(`${change.library}\0${change.flag}`);
    }
  }

  type Site = { file: string; line: number; use: string };
  const sites = (lines: (file: FlagFile) => NumberedLine[]) => {
    const found = new Map<string, Site[]>();
    for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
      if (declarationLibrary(file.path)) continue;
      for (const { text, line } of lines(file)) {
        for (const use of flagUsesOnLine(text)) {
          const key = `${use.library}\0${use.flag}`;
          const list = found.get(key) ?? [];
          list.push({ file: file.path, line, use: use.use });
          found.set(key, list);
        }
      }
    }
    return found;
  };
  const added = sites(numberedAddedLines);
  const removed = sites(numberedRemovedLines);
  const newChecks = new Set<FlagChange>();
  for (const [key, list] of added) {
    const [library, flag] = key.split('\0') as [FlagLibrary, string];
    const before = removed.get(key) ?? [];
    // Toggles (enable/activate) are reported wherever they are new; the same toggle moved is not.
    for (const site of list) {
      if (site.use === 'check' || before.some((old) => old.use === site.use)) continue;
      changes.push({ library, flag, change: 'default-switched', to: site.use, file: site.file, line: site.line });
    }
    const check = list.find((site) => site.use === 'check');
    if (check && !before.some((old) => old.use === 'check') && !declared.has(key)) {
      const change: FlagChange = { library, flag, change: 'added', file: check.file, line: check.line };
      changes.push(change);
      newChecks.add(change);
    }
  }
  for (const [key, list] of removed) {
    const [library, flag] = key.split('\0') as [FlagLibrary, string];
    const check = list.find((site) => site.use === 'check');
    const after = added.get(key) ?? [];
    if (check && !after.some((site) => site.use === 'check') && !declared.has(key)) changes.push({ library, flag, change: 'removed', file: check.file, line: check.line });
  }
  changes.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.flag, b.flag) || compareText(a.change, b.change));
  return { changes, newChecks };
}

/** Declarations added, removed or given another default in a Flipflop or Flipper YAML file. */
function declarationChanges(file: FlagFile): FlagChange[] {
  const library = declarationLibrary(file.path);
  if (!library) return [];
  let before: FlagDeclaration[];
  let after: FlagDeclaration[];
  const orphans: FlagChange[] = [];
  if (file.newText !== undefined && file.oldText !== undefined) {
    before = parseDeclarations(library, file.oldText.split('\n'));
    after = parseDeclarations(library, file.newText.split('\n'));
  } else {
    const addedLines = numberedAddedLines(file);
    const removedLines = numberedRemovedLines(file);
    after = parseDeclarations(library, addedLines.map((l) => l.text), addedLines.map((l) => l.line));
    before = parseDeclarations(library, removedLines.map((l) => l.text), removedLines.map((l) => l.line));
    orphans.push(...orphanDefaults(library, file, addedLines, removedLines, after));
  }
  const old = new Map(before.map((d) => [d.flag, d]));
  const now = new Map(after.map((d) => [d.flag, d]));
  const changes: FlagChange[] = [];
  for (const d of after) {
    const was = old.get(d.flag);
    if (!was) changes.push({ library, flag: d.flag, change: 'added', to: d.default, file: file.path, line: d.line });
    else if (was.default !== d.default) changes.push({ library, flag: d.flag, change: 'default-switched', from: was.default, to: d.default, file: file.path, line: d.line });
  }
  for (const d of before) if (!now.has(d.flag)) changes.push({ library, flag: d.flag, change: 'removed', from: d.default, file: file.path, line: d.line });
  return [...changes, ...orphans.filter((o) => !now.has(o.flag) && !old.has(o.flag))];
}

/**
 * A `default:` line changed without its `feature` line (the usual one-line diff): the flag is named from the new
 * text when given, else "?"; the old value is the removed `default:` line of the same hunk.
 */
function orphanDefaults(library: 'flipflop' | 'flipper', file: FlagFile, added: NumberedLine[], removed: NumberedLine[], declared: FlagDeclaration[]): FlagChange[] {
  if (library !== 'flipflop') return [];
  const out: FlagChange[] = [];
  for (const { text, line, hunk } of added) {
    const to = defaultValue(text);
    if (to === undefined || declared.some((d) => d.line <= line && line <= d.lastLine)) continue;
    const from = removed.filter((r) => r.hunk === hunk).map((r) => defaultValue(r.text)).find((value) => value !== undefined);
    if (from === to) continue;
    const flag = (file.newText !== undefined ? enclosingDeclaration(library, file.newText, line) : undefined) ?? '?';
    out.push({ library, flag, change: 'default-switched', ...(from !== undefined ? { from } : {}), to, file: file.path, line });
  }
  return out;
}
