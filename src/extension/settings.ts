/**
 * The one entry point for `changeRisk.*` settings: read typed in one place, change events fanned out
 * to the surfaces, which apply them live (no reload).
 */
import * as vscode from 'vscode';

export type IncidentGrouping = 'kind' | 'area';

export interface ChangeRiskSettings {
  gutterWarnings: { enabled: boolean };
  codeLens: { enabled: boolean };
  explorerBadges: { enabled: boolean };
  statusBar: { enabled: boolean };
  /** Blame is skipped for larger files; 0 means no limit. */
  blame: { maxFileSizeKB: number; debounceMs: number };
  incidents: { groupBy: IncidentGrouping; onlyActiveFile: boolean };
  riskyFiles: { count: number };
}

export const SECTION = 'changeRisk';

/** Setting keys (below `changeRisk.`) as the manifest declares them, with their defaults. */
export const DEFAULTS: ChangeRiskSettings = {
  gutterWarnings: { enabled: true },
  codeLens: { enabled: true },
  explorerBadges: { enabled: true },
  statusBar: { enabled: true },
  blame: { maxFileSizeKB: 512, debounceMs: 600 },
  incidents: { groupBy: 'kind', onlyActiveFile: false },
  riskyFiles: { count: 50 },
};

/** Reads the settings from any `get(key, default)` source; pure, so it is unit-tested without VS Code. */
export function readSettings(get: <T>(key: string, fallback: T) => T): ChangeRiskSettings {
  const bool = (key: string, fallback: boolean) => {
    const value = get<unknown>(key, fallback);
    return typeof value === 'boolean' ? value : fallback;
  };
  const num = (key: string, fallback: number, min: number) => {
    const value = get<unknown>(key, fallback);
    return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
  };
  const groupBy = get<unknown>('incidents.groupBy', DEFAULTS.incidents.groupBy);
  return {
    gutterWarnings: { enabled: bool('gutterWarnings.enabled', DEFAULTS.gutterWarnings.enabled) },
    codeLens: { enabled: bool('codeLens.enabled', DEFAULTS.codeLens.enabled) },
    explorerBadges: { enabled: bool('explorerBadges.enabled', DEFAULTS.explorerBadges.enabled) },
    statusBar: { enabled: bool('statusBar.enabled', DEFAULTS.statusBar.enabled) },
    blame: {
      maxFileSizeKB: num('blame.maxFileSizeKB', DEFAULTS.blame.maxFileSizeKB, 0),
      debounceMs: num('blame.debounceMs', DEFAULTS.blame.debounceMs, 0),
    },
    incidents: {
      groupBy: groupBy === 'area' ? 'area' : 'kind',
      onlyActiveFile: bool('incidents.onlyActiveFile', DEFAULTS.incidents.onlyActiveFile),
    },
    riskyFiles: { count: num('riskyFiles.count', DEFAULTS.riskyFiles.count, 1) },
  };
}

export type SettingsListener = (settings: ChangeRiskSettings, previous: ChangeRiskSettings) => void;

export class Settings implements vscode.Disposable {
  private current: ChangeRiskSettings;
  private readonly emitter = new vscode.EventEmitter<{ settings: ChangeRiskSettings; previous: ChangeRiskSettings }>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.current = Settings.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      const previous = this.current;
      this.current = Settings.read();
      this.emitter.fire({ settings: this.current, previous });
    });
  }

  get value(): ChangeRiskSettings {
    return this.current;
  }

  /** Called with the new and previous settings whenever any `changeRisk.*` setting changes. */
  onDidChange(listener: SettingsListener): vscode.Disposable {
    return this.emitter.event(({ settings, previous }) => listener(settings, previous));
  }

  /** Called when the part of the settings `select` picks changes (compared as JSON). */
  onDidChangeValue(select: (settings: ChangeRiskSettings) => unknown, listener: () => void): vscode.Disposable {
    return this.onDidChange((now, before) => {
      if (JSON.stringify(select(now)) !== JSON.stringify(select(before))) listener();
    });
  }

  /** Writes a setting (user level: toggles never dirty the repository's `.vscode/settings.json`). */
  async update(key: string, value: unknown): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inspected = config.inspect(key);
    const target =
      inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
    await config.update(key, value, target);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }

  private static read(): ChangeRiskSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key, fallback) => config.get(key, fallback));
  }
}
