import type { Lang } from '../../core/impact/messages';

/** `ja`, `ja-JP` → 'ja'; anything else → 'en'. Pure. */
export function langOf(displayLanguage: string | undefined): Lang {
  return displayLanguage?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
