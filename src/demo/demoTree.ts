import type { FileChange } from './fastImport';

/**
 * An in-memory file tree for one branch of a generated repository. Every edit is recorded as a
 * fast-import change; `take()` hands the changes of the next commit over.
 */
export class Tree {
  private pending: FileChange[] = [];

  constructor(readonly files: Map<string, string> = new Map()) {}

  clone(): Tree {
    return new Tree(new Map(this.files));
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  get(path: string): string {
    const content = this.files.get(path);
    if (content === undefined) throw new Error(`demo tree: no file ${path}`);
    return content;
  }

  /** The file as lines, without the final newline. */
  lines(path: string): string[] {
    return this.get(path).replace(/\n$/, '').split('\n');
  }

  write(path: string, content: string): void {
    this.files.set(path, content);
    this.pending.push({ op: 'M', path, content });
  }

  setLines(path: string, lines: string[]): void {
    this.write(path, lines.join('\n') + '\n');
  }

  /** Replaces one exact snippet (which must occur once) with another. */
  replace(path: string, from: string, to: string): void {
    const content = this.get(path);
    const at = content.indexOf(from);
    if (at < 0 || content.indexOf(from, at + 1) >= 0) {
      throw new Error(`demo tree: snippet found ${at < 0 ? 'nowhere' : 'twice'} in ${path}: ${from.slice(0, 60)}`);
    }
    this.write(path, content.slice(0, at) + to + content.slice(at + from.length));
  }

  /** Inserts lines before the file's trailing `end` lines (inside the innermost class/module/block). */
  insertBeforeClosing(path: string, added: string[], closing = 1): void {
    const lines = this.lines(path);
    let at = lines.length;
    for (let i = 0; i < closing && at > 0 && /^\s*end\s*$/.test(lines[at - 1] as string); i++) at--;
    lines.splice(at, 0, ...added);
    this.setLines(path, lines);
  }

  remove(path: string): void {
    if (!this.files.delete(path)) throw new Error(`demo tree: cannot delete missing ${path}`);
    this.pending.push({ op: 'D', path });
  }

  rename(from: string, to: string): void {
    const content = this.get(from);
    if (this.files.has(to)) throw new Error(`demo tree: rename target exists: ${to}`);
    this.files.delete(from);
    this.files.set(to, content);
    this.pending.push({ op: 'R', from, to });
  }

  /** The changes recorded since the last call. */
  take(): FileChange[] {
    const changes = this.pending;
    this.pending = [];
    return changes;
  }

  /** Writes and deletions that turn `base` into this tree, as changes for another tree (a merge). */
  changesSince(base: Tree): Array<{ path: string; content: string | null }> {
    const out: Array<{ path: string; content: string | null }> = [];
    for (const [path, content] of this.files) if (base.files.get(path) !== content) out.push({ path, content });
    for (const path of base.files.keys()) if (!this.files.has(path)) out.push({ path, content: null });
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
