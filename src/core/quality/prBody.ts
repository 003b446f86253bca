/**
 * What a pull request body says: whether it has an impact section, a rollback plan, a monitoring plan. A section
 * counts when it has content beyond HTML comments and unfilled prompts (`> ✍️ **Label:** …`).
 */

/** Where a PR template wants the impact statement. */
export const IMPACT_MARKER = '<!-- change-risk:impact -->';
/** First line of every drafted statement, so a filled template can be recognised. */
export const DRAFT_MARKER = '<!-- change-risk:impact-draft -->';

export const IMPACT_HEADING = /\bimpact\b|影響/i;
export const ROLLBACK_HEADING = /\broll(ing)?[- ]?back\b|\brevert\b|ロールバック|切り戻し/i;
export const MONITORING_HEADING = /\bmonitor(ing)?\b|\bobservability\b|監視|モニタリング/i;

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const PROMPT_LINE = /^\s*(?:>\s*)*(?:✍️\s*)?(?:\*\*)?([^:*：]{1,60}?)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/;

function stripComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, '');
}

/** Text that is more than an unfilled prompt: not empty, not just "…" or "...". */
function meaningful(text: string): boolean {
  const value = text.replace(/\*\*/g, '').trim();
  return value !== '' && !/^(…|\.\.\.|_…_|TODO|TBD)$/i.test(value);
}

function contentHasText(lines: string[]): boolean {
  return stripComments(lines.join('\n'))
    .split('\n')
    .some((line) => {
      const bare = line.replace(/^\s*(?:>\s*)*(?:[-*]\s+(?:\[[ xX]\]\s*)?)?/, '').trim();
      if (!bare) return false;
      const prompt = /^✍️/.test(line.replace(/^\s*(?:>\s*)*/, '')) ? PROMPT_LINE.exec(line) : null;
      return prompt ? meaningful(prompt[2]!) : meaningful(bare);
    });
}

/** Sections whose heading matches, each with the lines up to the next heading of the same or a higher level. */
function sections(body: string, heading: RegExp): string[][] {
  const lines = body.split(/\r?\n/);
  const found: string[][] = [];
  lines.forEach((line, index) => {
    const match = HEADING.exec(line);
    if (!match || !heading.test(match[2]!)) return;
    const level = match[1]!.length;
    const content: string[] = [];
    for (const next of lines.slice(index + 1)) {
      const nested = HEADING.exec(next);
      if (nested && nested[1]!.length <= level) break;
      content.push(next);
    }
    found.push(content);
  });
  return found;
}

/**
 * A heading matching `label` with content, or a `Label: text` line (a filled prompt) whose label matches. Lines
 * in `generated` (what the tool itself wrote there, from the rules) are not the author's content.
 */
export function hasFilledSection(body: string, label: RegExp, generated: readonly string[] = []): boolean {
  const written = (lines: string[]) => lines.filter((line) => !generated.includes(line.trim()));
  if (sections(body, label).some((content) => contentHasText(written(content)))) return true;
  return stripComments(body)
    .split(/\r?\n/)
    .some((line) => {
      if (HEADING.test(line)) return false;
      const prompt = PROMPT_LINE.exec(line);
      return prompt !== null && label.test(prompt[1]!) && meaningful(prompt[2]!);
    });
}

/**
 * An impact section: a drafted statement, the template's marker followed by content, or an "Impact" heading (any
 * level) with content.
 */
export function hasImpactSection(body: string): boolean {
  const draft = body.indexOf(DRAFT_MARKER);
  if (draft >= 0 && contentHasText(body.slice(draft + DRAFT_MARKER.length).split(/\r?\n/))) return true;
  const marker = body.indexOf(IMPACT_MARKER);
  if (marker >= 0) {
    const after: string[] = [];
    for (const line of body.slice(marker + IMPACT_MARKER.length).split(/\r?\n/)) {
      if (HEADING.test(line)) break;
      after.push(line);
    }
    if (contentHasText(after)) return true;
  }
  return sections(body, IMPACT_HEADING).some(contentHasText);
}
