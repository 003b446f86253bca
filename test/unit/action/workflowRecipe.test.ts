import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface ActionInput {
  required?: boolean;
  default?: string;
}
interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const action = parse(read('action.yml')) as { inputs: Record<string, ActionInput>; outputs: Record<string, unknown>; runs: { using: string; main: string } };

/** The workflows a document shows: its YAML code blocks that have jobs. */
function workflowsIn(file: string): Workflow[] {
  const blocks = [...read(file).matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => parse(match[1]!) as unknown);
  return blocks.filter((block): block is Workflow => typeof block === 'object' && block !== null && 'jobs' in block);
}

describe('the documented GitHub Actions recipe', () => {
  for (const file of ['docs/ci-github.md', 'README.md']) {
    it(`${file}: every workflow uses the action with declared inputs, the whole history and the least permissions`, () => {
      const jobs = workflowsIn(file).flatMap((workflow) => Object.values(workflow.jobs));
      const uses = jobs.filter((job) => job.steps.some((step) => step.uses?.startsWith('change-risk/change-risk@')));
      assert.ok(uses.length > 0, `${file} shows a workflow using the action`);
      for (const job of uses) {
        const index = job.steps.findIndex((step) => step.uses?.startsWith('change-risk/change-risk@'));
        const step = job.steps[index]!;
        const given = Object.keys(step.with ?? {});
        for (const key of given) assert.ok(key in action.inputs, `${file}: "${key}" is an input of action.yml`);
        const required = Object.entries(action.inputs).filter(([, input]) => input.required && input.default === undefined);
        for (const [name] of required) assert.ok(given.includes(name), `${file}: required input "${name}" is given`);
        const checkout = job.steps.slice(0, index).find((candidate) => candidate.uses?.startsWith('actions/checkout@'));
        assert.equal(checkout?.with?.['fetch-depth'], 0, `${file}: the checkout before the action has the whole history`);
        const comment = step.with?.comment === true || step.with?.comment === 'true';
        const uploadsSarif = job.steps.some((candidate) => candidate.uses?.startsWith('github/codeql-action/upload-sarif@'));
        if (uploadsSarif) assert.equal(step.with?.format, 'sarif', `${file}: the uploaded SARIF is the one the action writes`);
        const least = { contents: 'read', ...(comment ? { 'pull-requests': 'write' } : {}), ...(uploadsSarif ? { 'security-events': 'write' } : {}) };
        assert.deepEqual(job.permissions, least, `${file}: pull-requests: write only with the comment, security-events: write only with a SARIF upload`);
      }
    });
  }

  it('documents every input and output of action.yml', () => {
    const doc = read('docs/ci-github.md');
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) assert.match(doc, new RegExp(`^\\| \`${name}\` \\|`, 'm'), name);
  });

  it('runs a bundle that esbuild.js builds from the action’s entry point', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const build = require(path.join(ROOT, 'esbuild.js')) as { targets: { entryPoints: Record<string, string> }[]; shared: { outdir: string } };
    const built = build.targets.flatMap((target) => Object.entries(target.entryPoints).map(([name, entry]) => ({ out: path.posix.join(build.shared.outdir, `${name}.js`), entry })));
    const target = built.find((candidate) => candidate.out === action.runs.main);
    assert.ok(target, `esbuild.js builds ${action.runs.main}`);
    assert.equal(target.entry, 'src/action/main.ts');
    assert.ok(fs.existsSync(path.join(ROOT, target.entry)));
    assert.match(action.runs.using, /^node\d+$/);
  });
});
