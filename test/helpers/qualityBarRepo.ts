import { alice, bob, lines, TestRepo } from './testRepo';

/** Run `check` as of this date: INC-1 falls in its month, so the incident budget is exceeded. */
export const QUALITY_BAR_NOW = '2025-05-20';

/** Descriptions that meet every PR-body requirement of the bar below, and none of them. */
export const FULL_DESCRIPTION = '## Impact\nPer-line rounding for invoices.\n\n## Rollback\nRevert the merge request.\n\n## Monitoring\nInvoices dashboard for 2 days.\n';
export const BARE_DESCRIPTION = 'Just a fix.\n';

/**
 * A repository whose branch `feature` (checked out, committed) breaks every kind of requirement `check` reports: the
 * billing area's bar asks for everything, two source files change without their tests (one named with a space and a
 * `#`, which a URI must encode), the ledger holds an incident this month over a budget of none, and the bar caps the change risk, which a history this short cannot
 * assess (a warning).
 */
export function qualityBarRepo(): TestRepo {
  const repo = TestRepo.create('change-risk-reports-');
  repo.commit({
    message: 'Billing',
    date: '2024-01-01T10:00:00Z',
    author: bob,
    files: {
      'app/models/invoice.rb': lines(10),
      'app/models/odd name#1.rb': lines(6),
      'spec/models/invoice_spec.rb': 'it\n',
      'config/environments/production.rb': 'Rails.application.configure {}\n',
    },
  });
  repo.commit({
    message: 'Team files',
    date: '2025-05-12T10:00:00Z',
    files: {
      '.changerisk/config.yaml': [
        'areas:',
        '  - name: billing',
        '    paths: ["app/models/**"]',
        '    owners: ["@alice"]',
        'qualityBar:',
        '  rules:',
        '    - name: billing',
        '      areas: [billing]',
        '      impactStatement: true',
        '      testChanges: true',
        '      featureFlag: true',
        '      ownerReview: true',
        '      rollbackPlan: true',
        '      monitoring: true',
        '      maxChangeRisk: 10%',
        '  budget:',
        '    period: month',
        '    incidents: 0',
        '',
      ].join('\n'),
      '.changerisk/incidents/INC-1.md': '---\nid: INC-1\ntitle: Totals off\ndate: 2025-05-10\nkind: incident\nseverity: high\n---\nBody.\n',
    },
  });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit({
    message: 'Round per line',
    date: '2025-05-15T10:00:00Z',
    author: alice,
    files: {
      'app/models/invoice.rb': lines(10).replace('line 4', 'per line 4'),
      'app/models/odd name#1.rb': lines(6).replace('line 2', 'rounded 2'),
    },
  });
  return repo;
}
