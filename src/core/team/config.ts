/** `.changerisk/config.yaml`: parsing with per-field fallback to defaults. */
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { diagnosticAt, fieldName, fileDiagnostic, parseYaml, rangeAt, type YamlSource } from './positions';
import { configSchema, CONFIG_FILE, type ChangeRiskConfig } from './schema';
import { validateYaml } from './validate';

/** The configuration of a repository without `.changerisk/config.yaml`. Frozen: copy it before changing anything. */
export const DEFAULT_CONFIG: ChangeRiskConfig = deepFreeze(defaultConfig());

/** A fresh, mutable copy of the defaults. */
export function defaultConfig(): ChangeRiskConfig {
  return configSchema.parse({});
}

/**
 * Parses config text (saved or not). Never throws: a YAML syntax error yields the defaults, an invalid field
 * yields that field's default, and each problem is a diagnostic.
 */
export function parseConfig(text: string, file: string = CONFIG_FILE): { config: ChangeRiskConfig; diagnostics: Diagnostic[] } {
  if (text.trim() === '') return { config: defaultConfig(), diagnostics: [fileDiagnostic(file, 'warning', 'the file is empty; using the defaults')] };
  const parsed = parseYaml(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { config: defaultConfig(), diagnostics: parsed.diagnostics };
  const validated = validateYaml(configSchema, parsed.source);
  const config = validated.value ?? defaultConfig();
  return { config, diagnostics: [...parsed.diagnostics, ...validated.diagnostics, ...undeclaredRuleAreas(config, parsed.source)].sort(compareDiagnostics) };
}

/** A quality-bar rule naming an area the config does not declare never applies: say so where it is written. */
function undeclaredRuleAreas(config: ChangeRiskConfig, source: YamlSource): Diagnostic[] {
  const declared = new Set(config.areas.map((area) => area.name));
  const diagnostics: Diagnostic[] = [];
  (config.qualityBar?.rules ?? []).forEach((rule, index) => {
    (rule.areas ?? []).forEach((name, position) => {
      if (declared.has(name)) return;
      const path = ['qualityBar', 'rules', index, 'areas', position];
      diagnostics.push(diagnosticAt(source, rangeAt(source, path), 'warning', fieldName(path), `area "${name}" is not declared in areas; this rule never matches it`));
    });
  });
  return diagnostics;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
