/**
 * `npx tsx bench/trainingYears.ts --repo PATH [--years 3,5,8,Infinity]`
 *
 * How many years of history the change model should train on (issue #16, `DEFAULT_TRAINING_YEARS`):
 * runs `backtest --changes` once per setting, on the same cutoffs and line data (the history pass is
 * cached in the default cache folder after the first), and prints each model's averaged AUC and
 * effort-aware recall, and the Change Risk model's lead over each baseline.
 */
import { parseArgs } from 'node:util';
import { runChangeBacktest } from '../src/core/backtest/changeBacktest';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repo: { type: 'string' }, years: { type: 'string' } } });
  if (!values.repo) throw new Error('--repo PATH is required');
  const settings = (values.years ?? '3,5,8,Infinity').split(',').map(Number);
  console.log('years | averaged cutoffs | Change Risk AUC / recall | Kamei | lines added | lead on Kamei (AUC, points) | lead on lines added (AUC, points)');
  for (const trainingYears of settings) {
    const report = await runChangeBacktest({ folder: values.repo, trainingYears });
    const average = report.average;
    if (!average) {
      console.log(`${trainingYears} | ${report.averagedOver.length} | (no averaged cutoff)`);
      continue;
    }
    const pair = (model: keyof typeof average) => `${average[model].auc?.toFixed(4)} / ${((average[model].effortRecall ?? 0) * 100).toFixed(2)} %`;
    const lead = (model: 'kamei' | 'linesAdded') =>
      `${(average.changeRisk.auc! - average[model].auc!).toFixed(4)}, ${((average.changeRisk.effortRecall! - average[model].effortRecall!) * 100).toFixed(2)}`;
    console.log(`${trainingYears} | ${report.averagedOver.length} | ${pair('changeRisk')} | ${pair('kamei')} | ${pair('linesAdded')} | ${lead('kamei')} | ${lead('linesAdded')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
