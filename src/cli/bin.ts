import { ExitCode } from './cliTypes';
import { main } from './main';

// The `change-risk` executable. `main` lives in its own module so that other entry points (the demo)
// can run commands in-process without starting the CLI on their own arguments.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  () => (process.exitCode = ExitCode.failure),
);
