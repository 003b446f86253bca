// Preloaded by runChangeRiskLimited (test/helpers/cli.ts): the process's peak resident memory, on stderr at exit.
process.on('exit', () => process.stderr.write(`change-risk-test maxRSS ${process.resourceUsage().maxRSS}\n`));
