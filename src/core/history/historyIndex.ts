import type { LoggedCommit } from './logStream';

/**
 * What git says, and nothing the team's rules decide: which commits touched which file identities.
 * Rules (fix patterns, ignored paths, bulk size) are applied when reading, so editing
 * `.changerisk/config.yaml` never forces re-reading the history. This is also what the cache stores.
 */
export interface HistoryData {
  head: string | undefined;
  shallow: boolean;
  commits: {
    sha: string[];
    /** Author time, unix seconds. */
    time: number[];
    author: number[];
    message: string[];
    /** File identities each commit touched (before any rule is applied). */
    files: number[][];
  };
  authors: { name: string[]; email: string[] };
  files: FileRecord[];
  /** Path in the indexed HEAD → file identity. */
  livePaths: Map<string, number>;
  /** A path a file was renamed away from → that file, so late changes made on an old branch still land on it. */
  formerPaths: Map<string, number>;
}

export interface FileRecord {
  /** The current path, or the last one if the file was deleted. */
  path: string;
  alive: boolean;
  /** Indices into `commits`, oldest first. */
  commits: number[];
  /** Earlier paths, oldest first. */
  formerPaths: string[];
}

export function emptyHistory(shallow = false): HistoryData {
  return {
    head: undefined,
    shallow,
    commits: { sha: [], time: [], author: [], message: [], files: [] },
    authors: { name: [], email: [] },
    files: [],
    livePaths: new Map(),
    formerPaths: new Map(),
  };
}

/**
 * Applies commits, oldest first, following renames forward so a file keeps one identity through
 * every move — a refactoring project moves files all the time.
 */
export class HistoryBuilder {
  private readonly authorIndex = new Map<string, number>();

  constructor(readonly data: HistoryData) {
    data.authors.email.forEach((email, index) => this.authorIndex.set(email, index));
  }

  apply(commit: LoggedCommit): void {
    const { data } = this;
    const index = data.commits.sha.length;
    const touched: number[] = [];
    for (const change of commit.changes) {
      const id = this.fileFor(change.status, change.path, change.from);
      const record = data.files[id]!;
      if (record.commits[record.commits.length - 1] !== index) record.commits.push(index);
      touched.push(id);
    }
    data.commits.sha.push(commit.sha);
    data.commits.time.push(commit.time);
    data.commits.author.push(this.author(commit.authorName, commit.authorEmail));
    data.commits.message.push(commit.message);
    data.commits.files.push(touched);
  }

  private fileFor(status: string, path: string, from: string | undefined): number {
    const { livePaths, formerPaths, files } = this.data;
    switch (status) {
      case 'R': {
        const id = livePaths.get(from!) ?? formerPaths.get(from!) ?? this.create(from!);
        livePaths.delete(from!);
        formerPaths.set(from!, id);
        this.retire(livePaths.get(path));
        livePaths.set(path, id);
        const record = files[id]!;
        record.formerPaths.push(from!);
        record.path = path;
        record.alive = true;
        return id;
      }
      case 'D': {
        const id = livePaths.get(path) ?? formerPaths.get(path) ?? this.create(path);
        if (files[id]!.path === path) this.retire(id);
        return id;
      }
      case 'A':
      case 'C': {
        this.retire(livePaths.get(path));
        return this.create(path);
      }
      default: {
        // A change to a path that was renamed away on another branch belongs to the renamed file.
        return livePaths.get(path) ?? formerPaths.get(path) ?? this.create(path);
      }
    }
  }

  private create(path: string): number {
    const id = this.data.files.length;
    this.data.files.push({ path, alive: true, commits: [], formerPaths: [] });
    this.data.livePaths.set(path, id);
    return id;
  }

  private retire(id: number | undefined): void {
    if (id === undefined) return;
    const record = this.data.files[id]!;
    record.alive = false;
    this.data.livePaths.delete(record.path);
  }

  private author(name: string, email: string): number {
    const key = email || name;
    let index = this.authorIndex.get(key);
    if (index === undefined) {
      index = this.data.authors.email.length;
      this.data.authors.email.push(key);
      this.data.authors.name.push(name);
      this.authorIndex.set(key, index);
    } else {
      this.data.authors.name[index] = name;
    }
    return index;
  }
}
