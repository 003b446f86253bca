import * as vscode from 'vscode';

/**
 * Every command the manifest declares under `contributes.commands`, with its title.
 * The integration suite checks that this list, the manifest and the registered commands agree.
 */
export const COMMANDS = {
  refreshIndex: 'changeRisk.refreshIndex',
  explainFile: 'changeRisk.explainFile',
  showIncidentAnalysis: 'changeRisk.showIncidentAnalysis',
  recordIncident: 'changeRisk.recordIncident',
  toggleGutterWarnings: 'changeRisk.toggleGutterWarnings',
  draftImpactStatement: 'changeRisk.draftImpactStatement',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Placeholder handlers until the engine in `src/core/` is wired in; each only says what it will do. */
const placeholders: Record<CommandId, string> = {
  [COMMANDS.refreshIndex]: 'Change Risk: the risk index will be rebuilt here once the engine is wired in.',
  [COMMANDS.explainFile]: 'Change Risk: the risk explanation for this file will appear here once the engine is wired in.',
  [COMMANDS.showIncidentAnalysis]: 'Change Risk: the incident analysis will open here once the engine is wired in.',
  [COMMANDS.recordIncident]: 'Change Risk: recording incidents and near-misses will be available once the engine is wired in.',
  [COMMANDS.toggleGutterWarnings]: 'Change Risk: gutter warnings will be toggled here once the engine is wired in.',
  [COMMANDS.draftImpactStatement]: 'Change Risk: impact statements will be drafted here once the engine is wired in.',
};

export function activate(context: vscode.ExtensionContext): void {
  // Everything the extension creates is owned by context.subscriptions and disposed with it.
  for (const [command, message] of Object.entries(placeholders)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, () => {
        // Not awaited: the message resolves only when dismissed, the command must not wait for that.
        void vscode.window.showInformationMessage(message);
      }),
    );
  }
}

export function deactivate(): void {
  // Nothing beyond context.subscriptions to release.
}
