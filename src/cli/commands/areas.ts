import * as l10n from '@vscode/l10n';
import { DEFAULT_QUARTERS, type RateGroup } from '../../core/changes/areaFailureRate';
import { fixInducingDefinition, groupName, rateCounts, rateText, toleranceText } from '../../core/changes/areaFailureRateText';
import { loadAreaFailureRates, type LoadedAreaFailureRates } from '../../core/changes/loadAreaFailureRates';
import { isLang } from '../../core/impact/messages';
import { calendarDate } from '../../core/risk/format';
import { repositoryJson } from '../../core/reportJson';
import { ExitCode, UsageError, type Command } from '../cliTypes';
import { defaultCacheDir, openEngine } from '../engineOptions';
import { useLanguage } from '../l10n';
import { painter, printJson, printLines, table } from '../output';

export const areasCommand: Command = {
  name: 'areas',
  summary: 'changes per month and the share that needed a fix, per area and top-level folder, quarter by quarter',
  usage: 'change-risk areas [--since DATE] [--quarters N] [--json] [--lang en|ja]',
  details: `For each area declared in .changerisk/config.yaml, each top-level folder and the whole repository,
per calendar quarter (UTC): how many changes touched its rated files (the roles in risk.roles), how
many per month, and the share that were fix-inducing — a fix or revert within 60 days changed lines
they wrote (SZZ, as in backtest --changes). A change counts in every area and folder it touches. Only
changes whose 60 days are over by the last commit count toward the share; the others are "still
open". The team's tolerance (qualityBar.tolerance) is shown next to the figures.

Options:
  --since DATE       only changes on or after DATE (YYYY-MM-DD or YYYY-MM); every quarter from there
  --quarters N       the last N quarters up to the last commit's (default ${DEFAULT_QUARTERS}; with --since, at most N)
  --json             machine-readable output (shape: docs/cli.md)
  --lang LANG        en (default) or ja

Repository options:
  --repo PATH        repository to analyse (default: the current folder)
  --cache-dir DIR    history index cache (default: $CHANGE_RISK_CACHE_DIR, else $XDG_CACHE_HOME/change-risk, else ~/.cache/change-risk)
  --no-cache         index from scratch and write no cache`,
  options: {
    repo: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean' },
    since: { type: 'string' },
    quarters: { type: 'string' },
    json: { type: 'boolean' },
    lang: { type: 'string' },
  },
  async run({ values }) {
    const lang = typeof values.lang === 'string' ? values.lang : 'en';
    if (!isLang(lang)) throw new UsageError(`--lang: "${lang}" is not en or ja`);
    const since = typeof values.since === 'string' ? parseSince(values.since) : undefined;
    const quarters = typeof values.quarters === 'string' ? parseQuarters(values.quarters) : undefined;
    useLanguage(lang);
    try {
      const engine = await openEngine({ values, positionals: [] });
      const cacheDir = values['no-cache'] ? undefined : typeof values['cache-dir'] === 'string' ? values['cache-dir'] : defaultCacheDir();
      const rates = await loadAreaFailureRates(engine, { ...(cacheDir ? { cacheDir } : {}), ...(since !== undefined ? { since } : {}), ...(quarters !== undefined ? { quarters } : {}) });
      if (values.json) printJson({ ...repositoryJson(engine), ...rates });
      else printLines(renderRates(rates, engine.repository.head));
      return ExitCode.ok;
    } finally {
      useLanguage('en');
    }
  },
};

function parseSince(value: string): number {
  const date = calendarDate(/^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value);
  if (!date) throw new UsageError(`--since takes YYYY-MM-DD or YYYY-MM, got "${value}"`);
  return date.getTime() / 1000;
}

function parseQuarters(value: string): number {
  const quarters = Number(value);
  if (!/^\d+$/.test(value) || quarters < 1 || quarters > 400) throw new UsageError(`--quarters takes a whole number from 1 to 400, got "${value}"`);
  return quarters;
}

function renderRates(rates: LoadedAreaFailureRates, head: string | undefined): string[] {
  const paint = painter(process.stdout);
  const title = l10n.t('Failure rate by area · HEAD {0} · {1} changes to rated files, the last on {2}', head?.slice(0, 7) ?? '—', rates.changesInHistory, rates.lastCommit ?? '—');
  if (rates.quarters.length === 0) return [title, '', rates.changesInHistory === 0 ? l10n.t('No change to a rated file in the history yet: nothing to measure.') : l10n.t('No quarter to show: no change since that date.')];
  const tolerance = toleranceText(rates.tolerance);
  const lines = [title, fixInducingDefinition(rates.windowDays), tolerance ? l10n.t("The team's tolerance (quality bar): {0}", tolerance) : l10n.t('No tolerance is written in the quality bar (qualityBar.tolerance).'), ''];
  const rowsOf = (group: RateGroup) => [
    ...group.quarters.map((q, i) => [i === 0 ? groupName(group) : '', q.quarter, String(q.changes), rateText(q), rateCounts(q)]),
    ['', l10n.t('all'), String(group.total.changes), rateText(group.total), rateCounts(group.total)],
  ];
  const sections: Array<[string, string, RateGroup[]]> = [
    [l10n.t('Declared areas'), l10n.t('AREA'), rates.areas],
    [l10n.t('Top-level folders'), l10n.t('FOLDER'), rates.folders],
    [l10n.t('Reference'), '', [rates.overall]],
  ];
  for (const [heading, first, groups] of sections) {
    const header = [first, l10n.t('QUARTER'), l10n.t('CHANGES'), l10n.t('RATE'), l10n.t('COUNTS')];
    lines.push(paint.bold(heading));
    if (groups.length === 0) {
      lines.push(heading === sections[0]![0] ? l10n.t('No areas declared: name them in .changerisk/config.yaml (areas, see docs/team-files.md).') : l10n.t('No rated file changed in these quarters.'), '');
      continue;
    }
    const [head, ...body] = table([header, ...groups.flatMap(rowsOf)], [2]);
    lines.push(paint.dim(head!), ...body, '');
  }
  return lines.slice(0, -1);
}
