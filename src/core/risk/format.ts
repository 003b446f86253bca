const DAY = 24 * 3600;

/** UTC midnight of a calendar date written YYYY-MM-DD; undefined for anything else ("2025-02-30", "5", "April 1"). */
export function calendarDate(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) ? date : undefined;
}

/** `2024-03-14` for unix seconds. */
export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** `2024-03` for an ISO date or unix seconds. */
export function isoMonth(date: string | number): string {
  return (typeof date === 'number' ? isoDate(date) : date).slice(0, 7);
}

/** "6 years", "5 months", "12 days": the largest whole unit, for sentences a developer reads at a glance. */
export function duration(seconds: number): string {
  const days = Math.max(0, Math.floor(seconds / DAY));
  if (days >= 365) return plural(Math.floor(days / 365.25), 'year');
  if (days >= 30) return plural(Math.floor(days / 30.44), 'month');
  return plural(days, 'day');
}

export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** "300 B", "12 KiB". */
export function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.ceil(bytes / 1024)} KiB`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Unix seconds at the start of an ISO date (UTC). */
export function secondsOf(isoDay: string): number {
  return Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / 1000);
}
