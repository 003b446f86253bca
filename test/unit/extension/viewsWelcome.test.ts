import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface Welcome {
  view: string;
  contents: string;
  when?: string;
}

describe('views before activation', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const welcomes = manifest.contributes.viewsWelcome as Welcome[];
  const views = (manifest.contributes.views.changeRisk as { id: string }[]).map((view) => view.id);

  it('says "starting" in every view until the data providers exist, never "There is no data provider registered…"', () => {
    for (const view of views) {
      const starting = welcomes.find((w) => w.view === view && /(^|&& )!changeRisk\.activated$/.test(w.when ?? ''));
      assert.ok(starting, `${view} has a welcome for the moments before activation`);
      assert.equal(nls[starting.contents.replace(/%/g, '')], 'Change Risk is starting…');
    }
    const activate = fs.readFileSync(path.join(ROOT, 'src/extension/extension.ts'), 'utf8');
    assert.match(activate, /setContext', 'changeRisk\.activated', true/, 'activation sets the key the welcome waits for');
  });

  it('shows no other welcome of a trusted workspace before activation (it would claim what is not known yet)', () => {
    for (const welcome of welcomes) {
      const when = welcome.when ?? '';
      if (when.includes('!changeRisk.activated') || when.includes('!isWorkspaceTrusted')) continue;
      // Before activation no changeRisk.* key is set: a clause that needs one to be true keeps the welcome hidden.
      assert.match(when, /(^|&& )changeRisk\./, `${welcome.view} waits for a key set after activation: ${when}`);
    }
  });
});
