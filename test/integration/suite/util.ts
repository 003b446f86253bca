import * as vscode from 'vscode';

export const EXTENSION_ID = 'change-risk.change-risk';

export interface Manifest {
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited'; description?: string } };
  contributes?: { commands?: { command: string; title: string; category?: string }[] };
}

export function manifestOf(extension: vscode.Extension<unknown>): Manifest {
  return extension.packageJSON as Manifest;
}

export function declaredCommands(extension: vscode.Extension<unknown>): string[] {
  return (manifestOf(extension).contributes?.commands ?? []).map((c) => c.command);
}

/**
 * Waits until the extension has been activated by its own activation events (never calls
 * `extension.activate()`, which would hide a broken activation event). Bounded.
 */
export async function waitForActivation(timeoutMs = 20_000): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const deadline = Date.now() + timeoutMs;
  while (!extension.isActive) {
    if (Date.now() > deadline) {
      throw new Error(`${EXTENSION_ID} was not activated within ${timeoutMs} ms by its activation events`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return extension;
}
