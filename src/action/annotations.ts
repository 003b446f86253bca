/**
 * Which findings become annotations. GitHub shows at most 10 error and 10 warning annotations per step (and 50 per
 * job, all steps together) and silently drops the rest, in the order they were written: so the errors go first,
 * nothing beyond the caps is written, and what is left out is counted for the summary, which lists every finding.
 * Limits: https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
 */
import type { CheckFinding } from '../core/quality/check';

/** Annotations of one severity GitHub shows per step. */
export const ANNOTATIONS_PER_STEP = { error: 10, warning: 10 } as const;

export type AnnotationSeverity = keyof typeof ANNOTATIONS_PER_STEP;

export interface AnnotationPlan {
  /** The findings to annotate, errors first, each severity in the check's order. */
  shown: CheckFinding[];
  /** Findings of each severity left out to stay within the caps. */
  hidden: Record<AnnotationSeverity, number>;
}

/**
 * `reserved`: annotations of each severity the step writes besides the findings (a shallow clone, a comment that
 * could not be posted), which count against the same caps.
 */
export function planAnnotations(findings: readonly CheckFinding[], reserved: Partial<Record<AnnotationSeverity, number>> = {}): AnnotationPlan {
  const shown: CheckFinding[] = [];
  const hidden: Record<AnnotationSeverity, number> = { error: 0, warning: 0 };
  for (const severity of ['error', 'warning'] as const) {
    const room = Math.max(0, ANNOTATIONS_PER_STEP[severity] - (reserved[severity] ?? 0));
    const ofSeverity = findings.filter((finding) => finding.severity === severity);
    shown.push(...ofSeverity.slice(0, room));
    hidden[severity] = Math.max(0, ofSeverity.length - room);
  }
  return { shown, hidden };
}
