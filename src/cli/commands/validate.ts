import { formatDiagnostic } from '../../core/diagnostics';
import { openRepository } from '../../core/git/repository';
import { loadTeamFiles } from '../../core/team';
import { ExitCode, type Command } from '../cliTypes';
import { printJson, printLine, printLines } from '../output';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'lint .changerisk/config.yaml and the incident ledger',
  usage: 'change-risk validate [--repo PATH] [--json]',
  details: `Prints one line per problem as file:line:col: severity: field: message.
Exits 1 when there is an error (warnings alone exit 0).

Options:
  --repo PATH        repository to check (default: the current folder)
  --json             machine-readable output (shape: docs/cli.md)`,
  options: { repo: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const repository = await openRepository(typeof values.repo === 'string' ? values.repo : process.cwd());
    const team = await loadTeamFiles(repository.root);
    const errors = team.diagnostics.filter((d) => d.severity === 'error').length;
    if (values.json) {
      printJson({ schemaVersion: 1, root: repository.root, incidents: team.incidents.length, diagnostics: team.diagnostics });
    } else {
      printLines(team.diagnostics.map(formatDiagnostic));
      const warnings = team.diagnostics.length - errors;
      const config = team.configFile ?? 'no config file (defaults apply)';
      printLine(`${config}; ${team.incidents.length} incidents loaded; ${errors} errors, ${warnings} warnings`);
    }
    return errors > 0 ? ExitCode.findings : ExitCode.ok;
  },
};
