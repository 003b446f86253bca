/**
 * The entry point of the GitHub Action (action.yml `runs.main`, bundled to dist/action.js). The runner starts it
 * with the inputs as `INPUT_*` variables and the workspace as the current folder.
 */
import { ExitCode } from '../cli/cliTypes';
import { printLines } from '../cli/output';
import { escapeWorkflowData } from '../core/quality/check';
import { runAction } from './runAction';

runAction().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // runAction reports every failure it expects; this is a bug, shown as one.
    printLines([`::error title=change-risk::unexpected error: ${escapeWorkflowData(error instanceof Error ? (error.stack ?? error.message) : String(error))}`]);
    process.exitCode = ExitCode.failure;
  },
);
