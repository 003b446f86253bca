/**
 * Creating a team file without ever replacing or deleting one: a random temporary name created
 * exclusively, then a hard link to the final name (or an exclusive create where there are no hard
 * links), in a folder that must resolve inside the repository. Used for new postmortems and for the
 * team configuration the walkthrough creates. No vscode here.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathInside } from '../../core/paths';

export class FolderOutsideError extends Error {
  constructor(readonly folder: string) {
    super(`${folder} is a symbolic link out of the repository or to nothing; nothing was written (the team files must live in the repository)`);
    // The name the ledger writer has always reported; the walkthrough's config writer shares it.
    this.name = 'IncidentFolderOutsideError';
  }
}

/**
 * `name` created in `relativeFolder` of the repository at `root` with `content`: false when a file of
 * that name exists (left untouched).
 */
export async function createNewFile(root: string, relativeFolder: string, name: string, content: string): Promise<boolean> {
  const folder = await ensureFolderInside(await fs.realpath(root), relativeFolder);
  // Already there: nothing to write, and no temporary file to churn the team-file watchers with.
  // (The link below still refuses a file created in between.)
  if (await fs.lstat(path.join(folder, name)).then(() => true, () => false)) return false;
  const temporary = await createTemporary(folder, content);
  try {
    return await createFinal(temporary, path.join(folder, name), content);
  } finally {
    await fs.rm(temporary, { force: true }); // ours: created with an exclusive create; already gone is fine
  }
}

/** A new file holding `content` in `folder`, under a random name no one else has (`wx`: never an existing file). */
export async function createTemporary(folder: string, content: string): Promise<string> {
  const temporary = path.join(folder, `.change-risk-${randomBytes(8).toString('hex')}.tmp`);
  const handle = await fs.open(temporary, 'wx');
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close();
    await fs.unlink(temporary);
    throw error;
  }
  await handle.close();
  return temporary;
}

/**
 * `target` created with `content`: false when a file of that name exists (left as it is). A hard
 * link from the complete temporary file makes it appear whole; where the file system has no hard
 * links, an exclusive create and a write (a failed write removes the file it created).
 */
export async function createFinal(temporary: string, target: string, content: string): Promise<boolean> {
  try {
    await fs.link(temporary, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(target, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close();
    await fs.unlink(target);
    throw error;
  }
  await handle.close();
  return true;
}

/**
 * `relative` under `root` (a real path), each missing folder created, refusing one that resolves
 * out of the repository: a repository may ship `.changerisk` as a link to anywhere, and the
 * loader would not read what was written there anyway. Returns the folder's real path.
 */
export async function ensureFolderInside(root: string, relative: string): Promise<string> {
  let folder = root;
  for (const segment of relative.split('/')) {
    folder = path.join(folder, segment);
    try {
      await fs.mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const real = await fs.realpath(folder).catch(() => undefined); // undefined: a link to nothing
    if (real === undefined || pathInside(root, real) === undefined) throw new FolderOutsideError(pathInside(root, folder)!);
    folder = real;
  }
  return folder;
}
