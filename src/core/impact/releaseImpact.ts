/**
 * What a change does to a release beyond its code: migrations by what they do (a `remove_column`, a `drop_table`, a new
 * unique index, a backfill) with the deploy order and rollback they need, feature flags by library (added, removed,
 * default switched), and which of the environment variables read in added lines the repository already read at the
 * merge-base (those are not new: the code moved or changed around them).
 */
import type { Change } from '../change/change';
import { declarationLibrary } from '../change/flagDeclarations';
import { featureFlagChangesAtBase, type FlagChange } from '../change/featureFlags';
import { analyseMigration, migrationKind, type MigrationSummary } from '../change/migrations';
import { SEVERITY_ORDER } from '../change/migrationTypes';
import { blobTextAt, workTreeText } from '../git/blobText';
import { namesMentionedAt } from '../git/grep';

export interface ReleaseImpact {
  /** Migrations and schema dumps with something notable, most severe first. */
  migrations: MigrationSummary[];
  flags: FlagChange[];
}

export async function releaseImpact(change: Change, signal?: AbortSignal): Promise<ReleaseImpact> {
  const at = signal ? { signal } : {};
  const migrations: MigrationSummary[] = [];
  for (const file of change.files) {
    const kind = migrationKind(file.path);
    if (!kind || file.status === 'deleted') continue;
    // A schema dump names the table of a removed column only with its whole new text.
    const newText = kind === 'schema' ? (await workTreeText(change.root, file.path)).text : undefined;
    const summary = analyseMigration({ ...file, ...(newText !== undefined ? { newText } : {}) });
    if (summary && summary.operations.some((operation) => operation.severity !== 'info')) migrations.push(summary);
  }
  migrations.sort((a, b) => SEVERITY_ORDER[a.severity ?? 'info'] - SEVERITY_ORDER[b.severity ?? 'info'] || (a.path < b.path ? -1 : 1));
  const flagFiles = await Promise.all(
    change.files.map(async (file) => {
      if (!declarationLibrary(file.path)) return file;
      // A declaration file (`config/features.rb`): a default changed alone on its line is named from the whole texts.
      const oldText = file.status === 'added' || file.status === 'untracked' ? undefined : (await blobTextAt(change.root, change.mergeBase, file.oldPath ?? file.path, at)).text;
      const newText = file.status === 'deleted' ? undefined : (await workTreeText(change.root, file.path)).text;
      return { ...file, ...(oldText !== undefined ? { oldText } : {}), ...(newText !== undefined ? { newText } : {}) };
    }),
  );
  const flags = await featureFlagChangesAtBase(flagFiles, (names) => namesMentionedAt(change.root, change.mergeBase, names, at));
  return { migrations, flags };
}

/** Of `names`, those the repository already mentioned at the change's merge-base. */
export function knownAtBase(change: Change, names: readonly string[], signal?: AbortSignal): Promise<ReadonlySet<string>> {
  return names.length === 0 ? Promise.resolve(new Set()) : namesMentionedAt(change.root, change.mergeBase, names, signal ? { signal } : {});
}
