import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { alice, bob, carol, lines, TestRepo } from './testRepo';

const DAY = 86_400_000;

/** As of this moment the lesson repository's history is judged: the last model's fix is in the past. */
export const LESSON_NOW = new Date('2024-06-01T00:00:00Z');

/**
 * A history whose lesson is known by construction: every week from 2023-01-02 Alice adds a 30-line
 * model that Bob fixes ten days later (fix-inducing), and Carol adds a 2-line helper nobody fixes.
 */
export function lessonRepo(weeks: number): TestRepo {
  const repo = TestRepo.create();
  for (let week = 0; week < weeks; week++) {
    const at = (days: number) => new Date(Date.UTC(2023, 0, 2) + (week * 7 + days) * DAY).toISOString();
    const model = lines(30, `model ${week}`);
    repo.commit({ message: `Add model ${week}`, date: at(0), author: alice, files: { [`app/models/m${week}.rb`]: model } });
    repo.commit({ message: `Add helper ${week}`, date: at(1), author: carol, files: { [`app/helpers/h${week}.rb`]: lines(2, `helper ${week}`) } });
    repo.commit({ message: `Fix crash in model ${week}`, date: at(10), author: bob, files: { [`app/models/m${week}.rb`]: model.replace(`model ${week} 5\n`, `fixed ${week} 5\n`) } });
  }
  return repo;
}

/** For the enclosing `describe`: a lesson repository of `weeks` weeks and an index cache folder of its own, removed after. */
export function useLessonRepo(weeks: number): { repo: TestRepo; cacheDir: string } {
  const fixture = {} as { repo: TestRepo; cacheDir: string };
  before(() => {
    fixture.repo = lessonRepo(weeks);
    fixture.cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-risk-cache-'));
  });
  after(() => {
    fixture.repo.dispose();
    fs.rmSync(fixture.cacheDir, { recursive: true, force: true });
  });
  return fixture;
}
