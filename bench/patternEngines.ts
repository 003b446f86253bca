/**
 * `npx tsx bench/patternEngines.ts REPO...`
 *
 * Whether the default fix, bot and incident-id patterns give the same verdicts on V8's RegExp (used for
 * plain ASCII text, see `team/historyRules.ts`) as on the linear-time engine, over every commit message
 * and author of real histories: a pattern outside the defaults keeps a second set of rules entirely on
 * the linear-time engine, the reference. Prints, per repository, the commits, fixes, bots and the number
 * of differences (expected: 0). The index is read without a cache (nothing written).
 */
import { openRepository } from '../src/core/git/repository';
import { loadHistory } from '../src/core/history/historyLoader';
import { compileHistoryRules, DEFAULT_CONFIG } from '../src/core/team';

async function main(): Promise<void> {
  const never = 'zz-never-matches-zz';
  const defaults = DEFAULT_CONFIG.history;
  const fast = compileHistoryRules(defaults);
  const linear = compileHistoryRules({
    ...defaults,
    fixPatterns: [...defaults.fixPatterns, never],
    nonFixPatterns: [...defaults.nonFixPatterns, never],
    botAuthors: [...defaults.botAuthors, never],
    incidentIdPatterns: [...defaults.incidentIdPatterns, never],
  });
  const decoder = new TextDecoder();
  for (const folder of process.argv.slice(2)) {
    const { data } = await loadHistory({ repository: await openRepository(folder) });
    let fixes = 0;
    let bots = 0;
    let differences = 0;
    for (let i = 0; i < data.commitCount; i++) {
      const message = decoder.decode(data.messages.subarray(data.messageOffsets[i], data.messageOffsets[i + 1]));
      const fix = fast.isFix(message);
      if (fix) fixes++;
      if (fix !== linear.isFix(message) || JSON.stringify(fast.incidentIds(message)) !== JSON.stringify(linear.incidentIds(message))) differences++;
    }
    for (let author = 0; author < data.authorNames.length; author++) {
      const [name, email] = [data.authorNames[author]!, data.authorEmails[author]!];
      const bot = fast.isBot(name, email);
      if (bot) bots++;
      if (bot !== linear.isBot(name, email)) differences++;
    }
    console.log(`${folder}: ${data.commitCount} commits, ${fixes} fixes, ${bots} bot authors, ${differences} differences`);
  }
}

void main();
