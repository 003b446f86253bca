import { parseArgs } from 'node:util';
import { PathOutsideRepositoryError } from '../core/engine';
import { CancelledError, GitError } from '../core/git/gitProcess';
import { NotAGitRepositoryError } from '../core/git/repository';
import { ExitCode, UsageError, type Command } from './cliTypes';
import { printError, printLine } from './output';
import { areasCommand } from './commands/areas';
import { backtestCommand } from './commands/backtest';
import { checkCommand } from './commands/check';
import { explainCommand } from './commands/explain';
import { hotspotsCommand } from './commands/hotspots';
import { impactCommand } from './commands/impact';
import { incidentsCommand } from './commands/incidents';
import { validateCommand } from './commands/validate';
import { CLI_VERSION } from './version';

const COMMANDS: Command[] = [hotspotsCommand, explainCommand, incidentsCommand, validateCommand, backtestCommand, impactCommand, checkCommand, areasCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `change-risk — see where a repository is fragile, from its git history and the team's incident ledger

Usage: change-risk <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`change-risk <command> --help\` for a command's options.

Exit codes:
  0  success
  1  findings: validate found errors in the team files, or check found unmet requirements
  2  usage error (unknown command or option, bad value)
  3  failure: not a git repository, git failed, or another error`;
}

function commandHelp(command: Command): string {
  return `${command.usage}\n\n${command.summary}\n\n${command.details}\n  -h, --help         show this help`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    printLine(mainHelp());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-v') {
    printLine(CLI_VERSION);
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      printLine(commandHelp(command));
      return ExitCode.ok;
    }
    if (!command.argument && positionals.length > 0) throw new UsageError(`${command.name} takes no arguments, got "${positionals[0]}"`);
    if (command.argument && positionals.length !== 1) throw new UsageError(`${command.name} takes exactly one ${command.argument}`);
    return await command.run({ values, positionals });
  } catch (error) {
    return report(error, command);
  }
}

function report(error: unknown, command: Command | undefined): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    printError(`change-risk: ${message}\n${command ? `usage: ${command.usage}` : 'Run `change-risk --help` for the commands.'}`);
    return ExitCode.usage;
  }
  if (error instanceof NotAGitRepositoryError || error instanceof PathOutsideRepositoryError || error instanceof GitError || error instanceof CancelledError) {
    printError(`change-risk: ${message}`);
    return ExitCode.failure;
  }
  printError(`change-risk: unexpected error: ${error instanceof Error ? (error.stack ?? message) : message}`);
  return ExitCode.failure;
}
