/**
 * Repository text (paths, incident titles, commit subjects, author and owner names, config values) in
 * Markdown that people read rendered: the drafted pull request description, the editor's hovers and
 * reports. One module so that every renderer escapes the same way. Repository text must read as the
 * same words and do nothing: no HTML, no Markdown syntax, no link, and no @mention that would notify
 * someone when the text is pasted into GitHub.
 */

/**
 * Escapes every character Markdown (CommonMark + GFM) could read as syntax or HTML, newlines become
 * spaces, and `@` mentions are broken. `#123` is left to link on GitHub (the backslash before `#` is
 * only Markdown's; GitHub links the rendered text anyway): it names an issue of the same repository,
 * which is what a subject like "Fix totals (#123)" means, and mentions no person.
 */
export function escapeMarkdown(text: string): string {
  return breakMentions(text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&"'=:$]/g, (c) => `\\${c}`));
}

/**
 * GitHub turns `@name` and `@org/team` in rendered text into a mention that notifies them, and a
 * Markdown backslash escape (`\@`) or an entity (`&#64;`) does not stop it: its filter reads the text
 * after rendering. A zero width space after the `@` does, and reads the same (Renovate writes
 * `@&#8203;` in the pull requests it opens for this reason). Code spans are never mentions.
 */
function breakMentions(escaped: string): string {
  return escaped.replace(/@/g, '@&#8203;');
}

/** Inline code that cannot be broken out of: the fence is longer than any backtick run inside. */
export function markdownCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side when the text starts or ends with a backtick (CommonMark strips one of each).
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || /^ .* $/.test(oneLine) ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Repository text inline in Markdown that people also read and edit raw (the drafted PR description): only what
 * could render as HTML, a link, emphasis, a code span or a table cell break is escaped, and `@` mentions are broken —
 * `2025-02-01` and `(INC-7)` stay as written, where `escapeMarkdown` would put a backslash before every `-` and `(`.
 */
export function escapeInline(text: string): string {
  return breakMentions(text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`));
}

/**
 * Sentences Change Risk writes around repository values (risk reasons, migration questions): their own code spans
 * and emphasis are kept, while HTML, links, table cell breaks and mentions from the values are escaped.
 */
export function escapeProse(text: string): string {
  // Inside its own code spans a backslash would show: escape only the text between them.
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : breakMentions(part.replace(/[<>&[\]|]/g, (c) => `\\${c}`))))
    .join('');
}
