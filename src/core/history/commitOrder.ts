import { streamGitLines, type GitStreamOptions } from '../git/gitProcess';
import { GrowingArray } from './indexContainers';
import type { LoggedCommit } from './logStream';

/**
 * The order commits are applied to the index in. Renames are followed forward, so the order decides
 * which identity a change lands on, and an index extended with new commits must have applied them
 * exactly as a fresh read of the same HEAD does. `git log`'s own order (by commit date) cannot give
 * that: a branch with older dates merged after the cache was written lands among the old commits in
 * a full read, but after them when extending, and a full read split between two git processes
 * differs from one process in the same way.
 *
 * So the order is defined on the graph alone: HEAD's first-parent line, oldest first; each of its
 * commits brings in, just before itself, the commits it merged that no earlier one holds, in
 * depth-first post-order (parents first, first parent first). The order for HEAD then begins with
 * the whole order for any commit on that line, followed by the rest: an index cached at such a
 * commit extends to exactly a fresh read, by construction. A cached commit off that line (on a
 * branch since merged as a second parent, or gone in a rewrite) is not extended but rebuilt.
 */

/**
 * Commit → parents, for the commits of one range (merges included). Each sha is numbered once, when
 * first named (as a commit or as a parent), and the graph is kept by number: ordering 100,000 commits
 * then looks up array slots, not 40-character keys (the look-ups are paid while git is still writing).
 */
export class CommitGraph<T = undefined> {
  private readonly ids = new Map<string, number>();
  private readonly shas: string[] = [];
  /**
   * Per number: where its parents' numbers start in `parentIds`, and how many there are (`UNREAD` for a
   * commit only named as a parent so far). Flat arrays, not an array per commit: the full read holds
   * 100,000 of them until it ends, and the garbage collector copies every small object that lives on.
   */
  private readonly firstParent = GrowingArray.continuing(new Uint32Array(0), false);
  private readonly parentCounts = GrowingArray.continuing(new Uint32Array(0), false);
  private readonly parentIds = GrowingArray.continuing(new Uint32Array(0), false);
  /** Per number: what the reader keeps of the commit, if anything. */
  private readonly values: (T | undefined)[] = [];
  private read = 0;

  /** How many commits were set (not counting those only named as parents). */
  get size(): number {
    return this.read;
  }

  /** Adds a commit with its parents and what to keep of it; false (and nothing changed) when it is in already. */
  add(sha: string, parents: readonly string[], value?: T): boolean {
    const id = this.number(sha);
    if (this.parentCounts.at(id) !== UNREAD) return false;
    this.read++;
    this.firstParent.set(id, this.parentIds.length);
    this.parentCounts.set(id, parents.length);
    for (const parent of parents) this.parentIds.push(this.number(parent));
    this.values[id] = value;
    return true;
  }

  /** What was kept of commit number `id` (see `CommitOrder.ids`). */
  value(id: number): T | undefined {
    return this.values[id];
  }

  /** @internal for `commitOrder` */
  idOf(sha: string): number | undefined {
    return this.ids.get(sha);
  }

  /** @internal for `commitOrder` */
  shaOf(id: number): string {
    return this.shas[id]!;
  }

  /** @internal for `commitOrder`: undefined when the commit was only named as a parent. */
  parentCount(id: number): number | undefined {
    const count = this.parentCounts.at(id);
    return count === UNREAD ? undefined : count;
  }

  /** @internal for `commitOrder`: the number of parent `k` of commit `id`. */
  parent(id: number, k: number): number {
    return this.parentIds.at(this.firstParent.at(id) + k);
  }

  /** @internal for `commitOrder`: every number given so far is below it. */
  get numbered(): number {
    return this.shas.length;
  }

  private number(sha: string): number {
    let id = this.ids.get(sha);
    if (id === undefined) {
      id = this.shas.length;
      this.ids.set(sha, id);
      this.shas.push(sha);
      this.firstParent.push(0);
      this.parentCounts.push(UNREAD);
      this.values.push(undefined);
    }
    return id;
  }
}

/** `CommitGraph`'s parent count of a commit not read (only named as a parent). */
const UNREAD = 0xffffffff;

/** `git rev-list --parents` over `revisions`: the commits a `git log` over them walks, with their parents. */
export async function readCommitGraph(revisions: readonly string[], options: GitStreamOptions): Promise<CommitGraph> {
  const graph = new CommitGraph();
  await streamGitLines(['rev-list', '--parents', ...revisions, '--'], options, (line) => {
    const [sha, ...parents] = line.trim().split(' ');
    if (sha) graph.add(sha, parents);
  });
  return graph;
}

export interface CommitOrder {
  /** The commits the index holds (no merges), in the order they are applied. */
  commits: string[];
  /** The same commits by their numbers in the graph (for `CommitGraph.value`). */
  ids: number[];
  /** HEAD's first-parent line in the range, oldest first, each with how many of `commits` come up to and including its own. */
  line: { sha: string; through: number }[];
  /** The merges of the range (which the index leaves out), each with how many of `commits` come before it in the same order. */
  merges: { sha: string; at: number }[];
  /** Parents named by commits of the graph but not in it (of a range: those behind its base). */
  missingParents: number;
}

/**
 * The order of the commits of `graph` (the range `^base head`, or all of `head` without `base`); undefined
 * when `base` is not on `head`'s first-parent line, so that an index of `base` cannot be extended to one
 * equal to a fresh read of `head`.
 */
export function commitOrder(graph: CommitGraph<unknown>, head: string, base?: string): CommitOrder | undefined {
  const line: number[] = [];
  let exit: string | undefined;
  for (let at = graph.idOf(head) ?? -1; ; ) {
    const parents = at < 0 ? undefined : graph.parentCount(at);
    if (parents === undefined) {
      exit = at < 0 ? head : graph.shaOf(at);
      break;
    }
    line.push(at);
    if (parents === 0) break;
    at = graph.parent(at, 0);
  }
  // Without a base the line ends at a root (or a shallow clone's boundary), with one at the base itself.
  if (exit !== base || line.length === 0) return undefined;
  line.reverse();
  const seen = new Uint8Array(graph.numbered);
  const commits: string[] = [];
  const ids: number[] = [];
  const through: CommitOrder['line'] = [];
  const merges: CommitOrder['merges'] = [];
  let missingParents = 0;
  // Iterative post-order (a long history would overflow the stack of a recursive one): the commits
  // on the way down and, for each, the next of its parents to visit.
  const stack: number[] = [];
  const nextParent: number[] = [];
  for (const tip of line) {
    stack.push(tip);
    nextParent.push(0);
    seen[tip] = 1;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const id = stack[top]!;
      const parents = graph.parentCount(id)!;
      const k = nextParent[top]!++;
      if (k === parents) {
        stack.pop();
        nextParent.pop();
        if (parents <= 1) {
          commits.push(graph.shaOf(id));
          ids.push(id);
        } else merges.push({ sha: graph.shaOf(id), at: commits.length });
      } else {
        const parent = graph.parent(id, k);
        if (seen[parent]) continue;
        if (graph.parentCount(parent) !== undefined) {
          seen[parent] = 1;
          stack.push(parent);
          nextParent.push(0);
        } else missingParents++;
      }
    }
    through.push({ sha: graph.shaOf(tip), through: commits.length });
  }
  return { commits, ids, line: through, merges, missingParents };
}

/**
 * Applies logged commits in a given order, whatever order they arrive in (and before the order is
 * known): each is held until every commit before it has been applied.
 */
export class OrderedApply {
  private readonly held = new Map<string, LoggedCommit>();
  private order: readonly string[] | undefined;
  private next = 0;

  constructor(private readonly apply: (commit: LoggedCommit) => void) {}

  setOrder(order: readonly string[]): void {
    this.order = order;
    this.drain();
  }

  add(commit: LoggedCommit): void {
    this.held.set(commit.sha, commit);
    this.drain();
  }

  /**
   * Applies what is left. git log and rev-list walk the same commits, so nothing should be; should
   * they ever differ, the rest is applied as it came rather than lost.
   */
  finish(): void {
    for (; this.order && this.next < this.order.length; this.next++) {
      const commit = this.held.get(this.order[this.next]!);
      if (!commit) continue;
      this.held.delete(commit.sha);
      this.apply(commit);
    }
    for (const commit of this.held.values()) this.apply(commit);
    this.held.clear();
  }

  private drain(): void {
    if (!this.order) return;
    while (this.next < this.order.length) {
      const commit = this.held.get(this.order[this.next]!);
      if (!commit) return; // not logged yet
      this.held.delete(commit.sha);
      this.apply(commit);
      this.next++;
    }
  }
}
