/**
 * A repository whose history teaches the change model one lesson (issue #16), for the change-risk
 * integration groups: every week of 2023-2024 Alice adds a 30-line model that Bob fixes ten days later
 * (a fix-inducing change), and Carol adds a 2-line helper nobody fixes. 40 such weeks give the model
 * 40 fix-inducing changes to learn from — the demo repository has too few (6 of the 10 it needs).
 * Fixed authors and dates (fast-import), so the shas are the same on every run.
 */
import * as fs from 'node:fs';
import { FastImportWriter } from '../../src/demo/fastImport';
import { runGit } from '../../src/demo/git';

export const LESSON_WEEKS = 40;
const FIRST_MONDAY = Date.UTC(2023, 0, 2) / 1000;
const DAY = 86_400;

const ALICE = { name: 'Alice Archer', email: 'alice@example.com' };
const BOB = { name: 'Bob Builder', email: 'bob@example.com' };
const CAROL = { name: 'Carol Chen', email: 'carol@example.com' };

/** `count` numbered lines. */
export function numberedLines(count: number, label: string): string {
  return Array.from({ length: count }, (_, i) => `${label} ${i + 1}`).join('\n') + '\n';
}

/** Creates the repository in `root` (an empty or missing folder), on `main`, with a clean working tree. */
export async function generateLessonRepo(root: string): Promise<void> {
  fs.mkdirSync(root, { recursive: true });
  await runGit(root, ['init', '--quiet', '--initial-branch=main']);
  await runGit(root, ['config', 'commit.gpgsign', 'false']);
  const writer = FastImportWriter.start(root);
  try {
    await writer.commit({ ref: 'refs/heads/main', author: { ...CAROL, time: FIRST_MONDAY - 7 * DAY }, message: 'Start the app', changes: [{ op: 'M', path: 'README.md', content: '# Lessons\n' }] });
    for (let week = 0; week < LESSON_WEEKS; week++) {
      const at = (days: number) => FIRST_MONDAY + (week * 7 + days) * DAY + 10 * 3600;
      const model = numberedLines(30, `model ${week}`);
      const path = `app/models/m${week}.rb`;
      await writer.commit({ ref: 'refs/heads/main', author: { ...ALICE, time: at(0) }, message: `Add model ${week}`, changes: [{ op: 'M', path, content: model }] });
      await writer.commit({ ref: 'refs/heads/main', author: { ...CAROL, time: at(1) }, message: `Add helper ${week}`, changes: [{ op: 'M', path: `app/helpers/h${week}.rb`, content: numberedLines(2, `helper ${week}`) }] });
      await writer.commit({ ref: 'refs/heads/main', author: { ...BOB, time: at(10) }, message: `Fix crash in model ${week}`, changes: [{ op: 'M', path, content: model.replace(`model ${week} 5\n`, `fixed ${week} 5\n`) }] });
    }
    await writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
  await runGit(root, ['reset', '--quiet', '--hard']);
}
