import { calendarDate } from '../../core/risk/format';
import type { IncidentTally, TallyGrouping } from '../../core/risk/incidentTally';
import { repositoryJson } from '../../core/reportJson';
import { INCIDENT_KINDS, type IncidentKind } from '../../core/team';
import { ExitCode, UsageError, type Command } from '../cliTypes';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, openEngine } from '../engineOptions';
import { painter, printJson, printLines, table } from '../output';

const GROUPINGS: readonly TallyGrouping[] = ['kind', 'area', 'month'];

export const incidentsCommand: Command = {
  name: 'incidents',
  summary: 'tally the incident ledger by kind, area or month',
  usage: 'change-risk incidents [--kind K] [--since DATE] [--by kind|area|month] [--json]',
  details: `Options:
  --kind K           only incidents of kind K: ${INCIDENT_KINDS.join(', ')}
  --since DATE       only incidents on or after DATE (YYYY-MM-DD or YYYY-MM)
  --by GROUPING      kind (default), area or month
  --json             machine-readable output (shape: docs/cli.md)

${ENGINE_OPTIONS_HELP}`,
  options: { ...ENGINE_OPTIONS, kind: { type: 'string' }, since: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const grouping = (values.by ?? 'kind') as TallyGrouping;
    if (!GROUPINGS.includes(grouping)) throw new UsageError(`--by takes one of ${GROUPINGS.join(', ')}, got "${values.by}"`);
    const kind = values.kind as IncidentKind | undefined;
    if (kind !== undefined && !INCIDENT_KINDS.includes(kind)) throw new UsageError(`--kind takes one of ${INCIDENT_KINDS.join(', ')}, got "${kind}"`);
    const since = values.since as string | undefined;
    if (since !== undefined && !calendarDate(/^\d{4}-\d{2}$/.test(since) ? `${since}-01` : since)) throw new UsageError(`--since takes YYYY-MM-DD or YYYY-MM, got "${since}"`);

    const engine = await openEngine({ values, positionals: [] });
    const tally = engine.incidentTally(grouping, { ...(kind ? { kind } : {}), ...(since ? { since } : {}) });
    if (values.json) printJson({ ...repositoryJson(engine), tally });
    else printLines(renderTally(tally, engine.team.incidents.length));
    return ExitCode.ok;
  },
};

function renderTally(tally: IncidentTally, ledgerSize: number): string[] {
  const paint = painter(process.stdout);
  if (ledgerSize === 0) return ['The ledger is empty: record postmortems in .changerisk/incidents/ (see docs/team-files.md).'];
  const kinds = INCIDENT_KINDS.filter((kind) => tally.byKind[kind] > 0 || tally.grouping === 'kind');
  const rows = tally.groups.map((group) => [group.key, String(group.total), ...(tally.grouping === 'kind' ? [] : kinds.map((k) => String(group.byKind[k]))), group.incidentIds.join(', ')]);
  const header = [tally.grouping.toUpperCase(), 'TOTAL', ...(tally.grouping === 'kind' ? [] : kinds.map((k) => k.toUpperCase())), 'INCIDENTS'];
  const numeric = Array.from({ length: header.length - 2 }, (_, i) => i + 1);
  const [head, ...body] = table([header, ...rows], numeric);
  const summary = INCIDENT_KINDS.map((kind) => `${tally.byKind[kind]} ${kind}`).join(', ');
  return [`${tally.total} of ${ledgerSize} incidents: ${summary}`, '', paint.bold(head!), ...body];
}
