import type { Incident } from '../../../src/core/team';
import { incident } from '../extension/fixtures';

const KINDS = ['regression', 'incident', 'near-miss', 'user-inquiry'] as const;
const CAUSES = ['Rounding applied twice', 'Missing tenant filter', undefined] as const;
const STATUSES = ['open', 'in-progress', 'done'] as const;

/**
 * A generated ledger with fixed dates: 12 incidents in 2024-01..2024-04 and 2025-02..2025-03 (nothing in between),
 * kinds, areas, causes and action items cycling, so every count below follows from the index.
 */
export function generatedLedger(): Incident[] {
  const months = ['2024-01', '2024-01', '2024-02', '2024-02', '2024-02', '2024-04', '2025-02', '2025-02', '2025-02', '2025-03', '2025-03', '2025-03'];
  return months.map((month, i) => {
    const cause = CAUSES[i % 3];
    const actions = Array.from({ length: i % 3 }, (_, a) => `\n  - text: "Action ${a}"\n    status: ${STATUSES[(i + a) % 3]}`).join('');
    return incident({
      id: `INC-${i + 1}`,
      title: `"Incident ${i + 1}"`,
      date: `${month}-${String(10 + i).padStart(2, '0')}`,
      kind: KINDS[i % 4]!,
      severity: 'medium',
      areas: i % 4 === 3 ? '[]' : i % 2 === 0 ? '[billing]' : '[billing, search]',
      affected: i === 0 ? '["app/models/invoice.rb", "app/**/*.rb"]' : '[]',
      ...(cause ? { rootCause: `"${cause}"` } : {}),
      ...(actions ? { actionItems: actions } : {}),
    });
  });
}

