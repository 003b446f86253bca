/** One finding of the CI check, as every output format prints it (check.ts makes them; changeRiskRule.ts one kind too). */
import type { QualityRequirement } from './qualityBar';

export interface CheckFinding {
  severity: 'error' | 'warning';
  /** The requirement of the bar it is about: a rule's requirement, the incident budget, or the change risk limit. */
  requirement: QualityRequirement | 'budget' | 'changeRisk';
  message: string;
  /** Where to annotate, when the finding concerns one file: its first changed line. */
  file?: string;
  line?: number;
}
