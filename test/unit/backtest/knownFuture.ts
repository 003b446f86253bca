import { bob, lines, TestRepo } from '../../helpers/testRepo';

/** `count` lines, the first one marked so each commit really changes the file. */
function edited(count: number, mark: string): string {
  return lines(count).replace(/^line 1\n/, `${mark}\n`);
}

function incident(id: string, date: string, kind: string, severity: string, affected: string): string {
  return `---\nid: ${id}\ntitle: ${id}\ndate: ${date}\nkind: ${kind}\nseverity: ${severity}\naffected: [${affected}]\n---\nWhat happened.\n`;
}

/**
 * A history whose future is known by construction. At the cutoff (2025-01-01) there are eight files
 * (Gemfile.lock is ignored by the default rules):
 *
 * | file                     | lines | commits | fixes | last 6 months | fixed or hit in 2025-01..07 |
 * | app/quiet.rb             |     5 |       1 |     0 |             0 | no (fixed in August; INC-3 before the cutoff) |
 * | app/hot.rb               |   100 |       3 |     2 |             1 | yes |
 * | spec/hot_spec.rb         |    30 |       2 |     1 |             1 | yes |
 * | app/busy.rb              |    10 |       5 |     0 |             0 | yes |
 * | app/fresh.rb             |    20 |       2 |     0 |             2 | no |
 * | app/renamed_before.rb    |    12 |       2 |     0 |             0 | yes (was lib/before.rb) |
 * | app/big.rb               |   400 |       1 |     0 |             0 | yes, by ledger incident INC-7 only |
 * | app/old_name.rb          |     8 |       1 |     0 |             0 | yes, renamed to app/new_name.rb then fixed |
 */
export function buildRepo(): TestRepo {
  const repo = TestRepo.create('change-risk-backtest-');
  repo.commit({
    message: 'Initial import',
    date: '2023-01-01T10:00:00Z',
    files: {
      'app/quiet.rb': lines(5),
      'app/hot.rb': lines(100),
      'spec/hot_spec.rb': lines(30),
      'app/busy.rb': lines(10),
      'app/big.rb': lines(400),
      'app/old_name.rb': lines(8),
      'lib/before.rb': lines(12),
      'Gemfile.lock': lines(50),
    },
  });
  for (let month = 2; month <= 5; month++) {
    repo.commit({ message: `Tweak busy ${month}`, date: `2023-0${month}-01T10:00:00Z`, files: { 'app/busy.rb': edited(10, `busy ${month}`) } });
  }
  repo.commit({ message: 'Move before into app', date: '2024-05-01T10:00:00Z', renames: { 'lib/before.rb': 'app/renamed_before.rb' } });
  repo.commit({ message: 'Fix hot 1', date: '2024-06-01T10:00:00Z', author: bob, files: { 'app/hot.rb': edited(100, 'hot 1') } });
  repo.commit({ message: 'Fix hot 2', date: '2024-09-01T10:00:00Z', files: { 'app/hot.rb': edited(100, 'hot 2') } });
  repo.commit({ message: 'Add fresh', date: '2024-10-01T10:00:00Z', files: { 'app/fresh.rb': lines(20) } });
  repo.commit({ message: 'Extend fresh', date: '2024-11-01T10:00:00Z', files: { 'app/fresh.rb': edited(20, 'fresh') } });
  repo.commit({ message: 'Fix flaky spec', date: '2024-12-01T10:00:00Z', files: { 'spec/hot_spec.rb': edited(30, 'spec 1') } });
  repo.commit({ message: 'Fix lock', date: '2024-12-02T10:00:00Z', files: { 'Gemfile.lock': edited(50, 'lock 1') } });
  // The window: 2025-01-01 … 2025-07-01.
  repo.commit({ message: 'Rename old name', date: '2025-02-01T10:00:00Z', renames: { 'app/old_name.rb': 'app/new_name.rb' } });
  repo.commit({ message: 'Fix before', date: '2025-02-15T10:00:00Z', files: { 'app/renamed_before.rb': edited(12, 'before') } });
  repo.commit({ message: 'Fix new name', date: '2025-03-01T10:00:00Z', files: { 'app/new_name.rb': edited(8, 'new') } });
  repo.commit({ message: 'Fix hot 3', date: '2025-03-15T10:00:00Z', files: { 'app/hot.rb': edited(100, 'hot 3') } });
  repo.commit({ message: 'Fix busy', date: '2025-04-01T10:00:00Z', files: { 'app/busy.rb': edited(10, 'busy fix') } });
  repo.commit({ message: 'Fix lock again', date: '2025-04-02T10:00:00Z', files: { 'Gemfile.lock': edited(50, 'lock 2') } });
  repo.commit({ message: 'Add brand new', date: '2025-04-03T10:00:00Z', files: { 'app/brand_new.rb': lines(3) } });
  repo.commit({ message: 'Fix brand new', date: '2025-04-04T10:00:00Z', files: { 'app/brand_new.rb': edited(3, 'brand') } });
  repo.commit({ message: 'Fix spec flake', date: '2025-05-01T10:00:00Z', files: { 'spec/hot_spec.rb': edited(30, 'spec 2') } });
  // After the window.
  repo.commit({ message: 'Fix quiet', date: '2025-08-01T10:00:00Z', files: { 'app/quiet.rb': edited(5, 'quiet') } });
  repo.commit({
    message: 'Ledger',
    date: '2025-09-01T10:00:00Z',
    files: {
      '.changerisk/incidents/INC-3.md': incident('INC-3', '2024-11-01', 'regression', 'high', 'app/quiet.rb'),
      '.changerisk/incidents/INC-7.md': incident('INC-7', '2025-06-01', 'incident', 'low', 'app/big.rb'),
    },
  });
  return repo;
}
