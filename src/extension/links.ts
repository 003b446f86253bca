/** Command ids the extension's own Markdown may link to, and the links themselves. */
import type { CommitSummary } from '../core/history/history';
import type { HoverLinks } from './hovers/hoverContent';
import { commandLink } from './markdown';

export const INTERNAL_COMMANDS = {
  openIncident: 'changeRisk.openIncident',
  showCommit: 'changeRisk.showCommit',
} as const;

/** Passed as `isTrusted: { enabledCommands }`: Markdown from this extension can run these and nothing else. */
export const LINK_COMMANDS = [INTERNAL_COMMANDS.openIncident, INTERNAL_COMMANDS.showCommit, 'changeRisk.explainFile'];

export function linksFor(root: string): HoverLinks {
  return {
    incident: (incident) => commandLink(INTERNAL_COMMANDS.openIncident, [root, incident.file, incident.line]),
    commit: (commit: CommitSummary) => commandLink(INTERNAL_COMMANDS.showCommit, [root, commit.sha]),
  };
}
