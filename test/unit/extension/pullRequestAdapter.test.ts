import * as assert from 'node:assert/strict';
import type { ImpactDraft } from '../../../src/core/impact/draft';
import { createTitleAndDescriptionProvider, hasTitleAndDescriptionProvider, PROVIDER_NAME, registerWithApi, titleOf, type TitleAndDescriptionProvider } from '../../../src/extension/impact/pullRequestAdapter';

function draft(commits: string[], branch?: string): ImpactDraft {
  return {
    analysis: { change: { commits: commits.map((subject, i) => ({ sha: String(i).repeat(40), author: 'A', email: 'a@x', subject })), ...(branch ? { branch } : {}) } } as unknown as ImpactDraft['analysis'],
    markdown: '### Impact statement (draft)\n\nINC-12',
    body: '## Why\n\n### Impact statement (draft)\n\nINC-12',
    skippedFiles: [],
  };
}

const token = (cancelled = false) => ({ isCancellationRequested: cancelled, onCancellationRequested: () => ({ dispose: () => undefined }) });
const context = { commitMessages: ['Add currency column', 'Convert totals'], patches: [] as string[] };

describe('GitHub Pull Requests adapter', () => {
  it('registers a provider named "Change Risk" with an API that has registerTitleAndDescriptionProvider, logging once', () => {
    const registered: { title: string; provider: TitleAndDescriptionProvider }[] = [];
    let disposed = 0;
    const api = { registerTitleAndDescriptionProvider: (title: string, provider: TitleAndDescriptionProvider) => (registered.push({ title, provider }), { dispose: () => disposed++ }) };
    const logs: string[] = [];
    const provider = createTitleAndDescriptionProvider(async () => draft([]), () => undefined);
    const registration = registerWithApi(api, provider, (m) => logs.push(m));
    assert.equal(registered.length, 1);
    assert.equal(registered[0]!.title, PROVIDER_NAME);
    assert.equal(registered[0]!.provider, provider);
    assert.equal(logs.length, 1);
    registration!.dispose();
    assert.equal(disposed, 1);
  });

  it('does nothing with an API without the method (or no API), and says why', () => {
    for (const api of [undefined, null, {}, { registerTitleAndDescriptionProvider: 'no' }, 42]) {
      const logs: string[] = [];
      assert.equal(hasTitleAndDescriptionProvider(api), false);
      assert.equal(registerWithApi(api, createTitleAndDescriptionProvider(async () => undefined, () => undefined), (m) => logs.push(m)), undefined);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /no registerTitleAndDescriptionProvider/);
    }
  });

  it('survives an API whose registration throws', () => {
    const logs: string[] = [];
    const api = {
      registerTitleAndDescriptionProvider: () => {
        throw new Error('boom');
      },
    };
    assert.equal(registerWithApi(api, createTitleAndDescriptionProvider(async () => undefined, () => undefined), (m) => logs.push(m)), undefined);
    assert.match(logs[0]!, /boom/);
  });

  it('returns the draft body as the description and the branch’s first commit subject as the title', async () => {
    const provider = createTitleAndDescriptionProvider(async () => draft(['Newest', 'Middle', 'First commit of the branch'], 'feature/x'), () => undefined);
    const result = await provider.provideTitleAndDescription(context, token());
    assert.deepEqual(result, { title: 'First commit of the branch', description: '## Why\n\n### Impact statement (draft)\n\nINC-12' });
  });

  it('titles with the branch name when the branch has no commits yet (uncommitted work)', () => {
    assert.equal(titleOf(draft([], 'feature/multi-currency'), []), 'feature/multi-currency');
    assert.equal(titleOf(draft([]), ['Only message\n\nbody']), 'Only message');
  });

  it('returns undefined when cancelled, when there is nothing to draft, and on errors (reported, not thrown)', async () => {
    assert.equal(await createTitleAndDescriptionProvider(async () => draft(['x']), () => undefined).provideTitleAndDescription(context, token(true)), undefined);
    assert.equal(await createTitleAndDescriptionProvider(async () => undefined, () => undefined).provideTitleAndDescription(context, token()), undefined);
    const errors: unknown[] = [];
    const failing = createTitleAndDescriptionProvider(async () => {
      throw new Error('no base branch');
    }, (e) => errors.push(e));
    assert.equal(await failing.provideTitleAndDescription(context, token()), undefined);
    assert.equal(errors.length, 1);
  });

  it('aborts the draft when the PR extension cancels', async () => {
    let cancel: (() => unknown) | undefined;
    let aborted = false;
    const provider = createTitleAndDescriptionProvider(
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            const error = new Error('aborted');
            error.name = 'AbortError';
            reject(error);
          });
        }),
      () => assert.fail('a cancellation is not an error'),
    );
    const pending = provider.provideTitleAndDescription(context, { isCancellationRequested: false, onCancellationRequested: (l) => ((cancel = l), { dispose: () => undefined }) });
    cancel!();
    assert.equal(await pending, undefined);
    assert.equal(aborted, true);
  });
});
