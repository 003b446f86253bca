/**
 * The team files of an analysed repository: `.changerisk/config.yaml` and the incident ledger
 * `.changerisk/incidents/*.md`. Engine code: no `vscode` here.
 */
import * as fs from 'node:fs/promises';
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { defaultConfig, parseConfig } from './config';
import { listTeamFolder, readRepositoryText } from './files';
import { incidentIdKey, parseIncident } from './incidents';
import { fileDiagnostic } from './positions';
import { CONFIG_FILE, INCIDENTS_DIR, TEAM_DIR, type ChangeRiskConfig, type Incident } from './schema';

export interface TeamFiles {
  config: ChangeRiskConfig;
  /** Repo-relative path of the config file, when there is one. */
  configFile?: string;
  incidents: Incident[];
  diagnostics: Diagnostic[];
}

/** Loads and validates every team file. Never throws for bad content; absent files mean defaults and no incidents. */
export async function loadTeamFiles(repoRoot: string): Promise<TeamFiles> {
  const root = await fs.realpath(repoRoot);
  const config = await loadConfig(root);
  const ledger = await loadIncidents(root, config.config.areas.map((area) => area.name));
  return {
    config: config.config,
    ...(config.configFile ? { configFile: config.configFile } : {}),
    incidents: ledger.incidents,
    diagnostics: [...config.diagnostics, ...ledger.diagnostics].sort(compareDiagnostics),
  };
}

async function loadConfig(root: string): Promise<{ config: ChangeRiskConfig; configFile?: string; diagnostics: Diagnostic[] }> {
  const outcome = await readRepositoryText(root, CONFIG_FILE);
  if (outcome.status === 'missing') return { config: defaultConfig(), diagnostics: await misnamedConfig(root) };
  if (outcome.status === 'skipped') return { config: defaultConfig(), configFile: CONFIG_FILE, diagnostics: [outcome.diagnostic] };
  return { ...parseConfig(outcome.text, CONFIG_FILE), configFile: CONFIG_FILE };
}

/** `config.yml` is an easy slip; say so instead of silently using the defaults. */
async function misnamedConfig(root: string): Promise<Diagnostic[]> {
  const misnamed = `${TEAM_DIR}/config.yml`;
  const outcome = await readRepositoryText(root, misnamed);
  return outcome.status === 'missing' ? [] : [fileDiagnostic(misnamed, 'warning', `not read: Change Risk reads ${CONFIG_FILE}; rename this file`)];
}

async function loadIncidents(root: string, declaredAreas: string[]): Promise<{ incidents: Incident[]; diagnostics: Diagnostic[] }> {
  const listing = await listTeamFolder(root, INCIDENTS_DIR, '.md');
  const diagnostics = [...listing.diagnostics];
  const parsed = await Promise.all(
    listing.files.map(async (file) => {
      const outcome = await readRepositoryText(root, file);
      if (outcome.status === 'read') return parseIncident(outcome.text, file, { declaredAreas });
      return { diagnostics: outcome.status === 'skipped' ? [outcome.diagnostic] : [] };
    }),
  );
  const incidents: Incident[] = [];
  const firstFileById = new Map<string, string>();
  for (const { incident, diagnostics: found } of parsed) {
    diagnostics.push(...found);
    if (!incident) continue;
    const first = firstFileById.get(incidentIdKey(incident.id));
    if (first) {
      diagnostics.push({ ...fileDiagnostic(incident.file, 'error', `duplicate id "${incident.id}", already used by ${first}; this incident is skipped`, incident.line), field: 'id' });
      continue;
    }
    firstFileById.set(incidentIdKey(incident.id), incident.file);
    incidents.push(incident);
  }
  return { incidents, diagnostics };
}

export { DEFAULT_CONFIG, parseConfig } from './config';
export { CONFIG_TEMPLATE } from './configTemplate';
export { incidentIdKey, parseIncident, type ParseIncidentOptions } from './incidents';
export { compileHistoryRules, type CompiledHistoryRules } from './historyRules';
export { INCIDENT_KINDS, RISK_LEVELS, TEAM_DIR, CONFIG_FILE, INCIDENTS_DIR, repoPathProblem } from './schema';
export type {
  ChangeRiskConfig,
  Area,
  HistoryRules,
  CouplingRules,
  RiskRules,
  RiskOverride,
  Incident,
  IncidentKind,
  Severity,
  IncidentStatus,
  ActionItem,
  AffectedPath,
  LineRange,
  RiskLevel,
} from './schema';
export type { Diagnostic } from '../diagnostics';
