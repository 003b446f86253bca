/** `.changerisk/config.yaml`: parsing with per-field fallback to defaults. */
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { fileDiagnostic, parseYaml } from './positions';
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
  return { config: validated.value ?? defaultConfig(), diagnostics: [...parsed.diagnostics, ...validated.diagnostics].sort(compareDiagnostics) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
