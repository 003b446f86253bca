/**
 * The team's quality bar (`qualityBar` in `.changerisk/config.yaml`) resolved for files: which rules apply to a file
 * given its area and risk level, and what a change to it therefore requires. Without configured rules the defaults
 * apply, and every result says so.
 */
import type { Person } from '../history/history';
import type { ChangeRiskEngine } from '../engine';
import { projectKind, type ProjectKind } from '../files/project';
import { compareLevels } from '../risk/riskModel';
import {
  QUALITY_REQUIREMENTS,
  type ChangeRiskConfig,
  type IncidentBudget,
  type QualityBarConfig,
  type QualityRequirement,
  type QualityRule,
  type RiskLevel,
} from '../team/schema';

export type { QualityRequirement };
export { QUALITY_REQUIREMENTS };

export interface MonitoringPlan {
  dashboards: string[];
  alerts: string[];
  logs: string[];
  days?: number;
}

/** What the bar needs to know about a file. */
export interface FileSubject {
  path: string;
  level: RiskLevel;
  area?: string;
  owners: string[];
  legacy: boolean;
}

export interface AppliedRule {
  /** Position in the rules list (configured or default). */
  index: number;
  label: string;
}

export interface FileBar extends FileSubject {
  /** In the canonical order of QUALITY_REQUIREMENTS. */
  requirements: QualityRequirement[];
  /** Merged from every applying rule that asks for monitoring (lists joined, the longest period kept). */
  monitoring?: MonitoringPlan;
  rules: AppliedRule[];
  /** True when the rules are the defaults (no `qualityBar.rules` configured). */
  defaults: boolean;
}

const REQUIRE_NOTHING = { impactStatement: false, testChanges: false, featureFlag: false, ownerReview: false, rollbackPlan: false, monitoring: false } as const;

/**
 * The bar in force when a team configured no rules: a change to high-risk or legacy source needs a test change and
 * an impact statement; in a deployed application also a plan for what to watch after release (a library has no
 * release of its own to watch). Tests are asked only of source with behaviour (see `needsTestChange`).
 */
export function defaultRules(project: ProjectKind): readonly QualityRule[] {
  const monitoring = project.deployable;
  return Object.freeze([
    { ...REQUIRE_NOTHING, name: 'high-risk files', minLevel: 'high' as const, testChanges: true, impactStatement: true, monitoring },
    { ...REQUIRE_NOTHING, name: 'legacy files', legacy: true, testChanges: true, impactStatement: true, monitoring },
  ]);
}

/** The default bar of a deployed application. */
export const DEFAULT_RULES: readonly QualityRule[] = defaultRules({ deployable: true });

export class QualityBar {
  readonly rules: readonly QualityRule[];
  /** True when no rules are configured and DEFAULT_RULES apply. */
  readonly defaults: boolean;
  readonly summary?: string;
  readonly tolerance: NonNullable<QualityBarConfig['tolerance']>;
  readonly budget?: IncidentBudget;

  /** `project`: whether the repository is deployed, for the default rules (an application unless said otherwise). */
  constructor(
    config: ChangeRiskConfig,
    readonly project: ProjectKind = { deployable: true },
  ) {
    const bar = config.qualityBar;
    this.defaults = bar?.rules === undefined;
    this.rules = bar?.rules ?? defaultRules(project);
    if (bar?.summary) this.summary = bar.summary;
    this.tolerance = bar?.tolerance ?? {};
    if (bar?.budget) this.budget = bar.budget;
  }

  /** Whether the team wrote a quality bar at all (any of summary, tolerance, rules, budget). */
  get configured(): boolean {
    return !this.defaults || this.summary !== undefined || Object.keys(this.tolerance).length > 0 || this.budget !== undefined;
  }

  forFile(subject: FileSubject): FileBar {
    const required = new Set<QualityRequirement>();
    const rules: AppliedRule[] = [];
    let monitoring: MonitoringPlan | undefined;
    this.rules.forEach((rule, index) => {
      if (!ruleApplies(rule, subject)) return;
      rules.push({ index, label: ruleLabel(rule, index) });
      for (const requirement of QUALITY_REQUIREMENTS) if (rule[requirement]) required.add(requirement);
      if (rule.monitoring) monitoring = mergeMonitoring(monitoring, rule.monitoring === true ? undefined : rule.monitoring);
    });
    return {
      ...subject,
      requirements: QUALITY_REQUIREMENTS.filter((requirement) => required.has(requirement)),
      ...(monitoring ? { monitoring } : {}),
      rules,
      defaults: this.defaults,
    };
  }
}

function ruleApplies(rule: QualityRule, subject: FileSubject): boolean {
  if (rule.areas && !(subject.area !== undefined && rule.areas.includes(subject.area))) return false;
  if (rule.minLevel && compareLevels(subject.level, rule.minLevel) < 0) return false;
  if (rule.legacy !== undefined && rule.legacy !== subject.legacy) return false;
  return true;
}

export function ruleLabel(rule: QualityRule, index: number): string {
  if (rule.name) return rule.name;
  const parts = [
    ...(rule.areas ? [`areas ${rule.areas.join(', ')}`] : []),
    ...(rule.minLevel ? [`${rule.minLevel} risk or above`] : []),
    ...(rule.legacy !== undefined ? [rule.legacy ? 'legacy' : 'not legacy'] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : `rule ${index + 1}`;
}

export function mergeMonitoring(into: MonitoringPlan | undefined, plan: Partial<MonitoringPlan> | undefined): MonitoringPlan {
  const union = (a: string[] = [], b: string[] = []) => [...new Set([...a, ...b])].sort();
  const days = Math.max(into?.days ?? 0, plan?.days ?? 0);
  return {
    dashboards: union(into?.dashboards, plan?.dashboards),
    alerts: union(into?.alerts, plan?.alerts),
    logs: union(into?.logs, plan?.logs),
    ...(days > 0 ? { days } : {}),
  };
}

/** A file as the bar sees it, from the engine (for a change by `changedBy`, who have not left): its risk level, area, owners and legacy status (new files: their area's). */
export function fileSubject(engine: ChangeRiskEngine, path: string, changedBy: readonly Person[] = []): FileSubject {
  const risk = engine.risk.file(path)?.presentFor(changedBy);
  const area = risk?.area ?? engine.risk.areaOf(path);
  return {
    path,
    level: risk?.level ?? 'none',
    ...(area ? { area: area.name } : {}),
    owners: area?.owners ?? [],
    legacy: risk ? risk.legacy !== undefined : area?.legacy === true,
  };
}

/** The bar in force for one file: `barForFile(engine, 'app/models/invoice.rb').requirements`. */
export function barForFile(engine: ChangeRiskEngine, path: string): FileBar {
  return qualityBarOf(engine).forFile(fileSubject(engine, path));
}

/** The team's bar for the engine's repository (the default rules depend on whether it is deployed). */
export function qualityBarOf(engine: ChangeRiskEngine): QualityBar {
  let project = projectKinds.get(engine.sizes);
  if (!project) projectKinds.set(engine.sizes, (project = projectKind(engine.sizes.paths)));
  return new QualityBar(engine.team.config, project);
}

/** Per tree (the sizes of HEAD's files): the status bar asks on every editor switch. */
const projectKinds = new WeakMap<object, ProjectKind>();
