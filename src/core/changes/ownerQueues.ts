/** Small counting and first-in-first-out helpers of the history pass (lineHistory.ts), keyed by line hash. */
import { NO_OWNER } from './lineOwners';

export function increment(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Takes one from `key`'s count: false when there was none. */
export function take(counts: Map<number, number>, key: number): boolean {
  const count = counts.get(key);
  if (!count) return false;
  counts.set(key, count - 1);
  return true;
}

/** Values taken first in, first out, without `shift` (a bulk commit removes thousands of blank lines of one hash). */
export interface Queue {
  values: number[];
  next: number;
}

export function append(queues: Map<number, Queue>, key: number, value: number): void {
  const queue = queues.get(key);
  if (queue) queue.values.push(value);
  else queues.set(key, { values: [value], next: 0 });
}

export function takeFirst(queues: Map<number, Queue>, key: number): number | undefined {
  const queue = queues.get(key);
  if (!queue || queue.next === queue.values.length) return undefined;
  const value = queue.values[queue.next++]!;
  return value === NO_OWNER ? undefined : value;
}
