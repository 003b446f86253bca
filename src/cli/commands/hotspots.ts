import { formatSize } from '../../core/risk/format';
import type { FileRisk } from '../../core/risk/riskModel';
import { fileRiskJson, repositoryJson } from '../../core/reportJson';
import { ExitCode, UsageError, type Command } from '../cliTypes';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, openEngine } from '../engineOptions';
import { painter, printJson, printLine, printLines, table } from '../output';

export const hotspotsCommand: Command = {
  name: 'hotspots',
  summary: 'rank the riskiest files, with the reasons',
  usage: 'change-risk hotspots [--top N] [--json]',
  details: `Options:
  --top N            how many files to list (default 20)
  --json             machine-readable output (shape: docs/cli.md)

${ENGINE_OPTIONS_HELP}`,
  options: { ...ENGINE_OPTIONS, top: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const top = values.top === undefined ? 20 : /^\d+$/.test(String(values.top)) ? Number(values.top) : NaN;
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top takes a whole number of files, got "${values.top}"`);
    const engine = await openEngine({ values, positionals: [] });
    const hotspots = engine.risk.hotspots(top);
    if (values.json) {
      printJson({ ...repositoryJson(engine), rated: { roles: engine.team.config.risk.roles, files: engine.risk.fileCount, levels: engine.risk.counts }, files: hotspots.map(fileRiskJson) });
      return ExitCode.ok;
    }
    const atRisk = engine.risk.fileCount - engine.risk.counts.none;
    const head = engine.repository.head?.slice(0, 7) ?? 'no commits';
    const rated = engine.team.config.risk.roles.join(' and ');
    printLine(`${atRisk} of ${engine.risk.fileCount} ${rated} files at risk · HEAD ${head} · ${engine.history.commitCount} commits indexed`);
    if (hotspots.length === 0) {
      printLine(`No ${rated} file has a history of fixes, reverts or incidents yet.`);
      return ExitCode.ok;
    }
    printLine('The level says how strong the record is; the order, where to look first: the most trouble per line of code.');
    printLine();
    printLines(renderHotspots(hotspots));
    return ExitCode.ok;
  },
};

function renderHotspots(hotspots: FileRisk[]): string[] {
  const paint = painter(process.stdout);
  const rows = [['#', 'LEVEL', 'SCORE', 'SIZE', 'FILE']];
  const lines: string[] = [];
  const cells = (risk: FileRisk, i: number) => [String(i + 1), risk.level, risk.score.toFixed(2), risk.bytes === undefined ? '' : formatSize(risk.bytes), risk.path];
  const header = table([...rows, ...hotspots.map(cells)], [0, 2, 3]);
  const indent = ' '.repeat(header[0]!.indexOf('FILE'));
  lines.push(paint.bold(header[0]!));
  hotspots.forEach((risk, i) => {
    lines.push(header[i + 1]!.replace(risk.level, paint.level(risk.level)));
    for (const reason of risk.reasons) lines.push(`${indent}${paint.dim('·')} ${reason.text}`);
  });
  return lines;
}
