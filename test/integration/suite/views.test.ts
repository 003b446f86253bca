// Sidebar views, the incident analysis, recording incidents and team-file problems on the demo repository.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseIncident } from '../../../src/core/team';
import { arrangeSidebarForScreenshot, requestScreenshot, sleep, testState, waitForActivation, waitForState, workspaceRoot, type Tally, type TreeItemState } from './util';

const KIND_LABEL: Record<string, string> = { incident: 'Incidents', regression: 'Regressions', 'user-inquiry': 'User inquiries', 'near-miss': 'Near-misses' };

/** The incident ids of a row under a group: a month folder's incidents, or the incident itself. */
function incidentIdsOf(row: TreeItemState): string[] {
  return /^\d{4}-\d{2}$/.test(row.label) ? (row.children ?? []).map((incident) => incident.label.split(' ')[0]!) : [row.label.split(' ')[0]!];
}

function assertTreeMatches(tree: TreeItemState[], tally: Tally, label: (key: string) => string): void {
  assert.deepEqual(
    tree.map((group) => [group.label, group.description]),
    tally.groups.map((group) => [label(group.key), String(group.total)]),
    'one group per tally group, with its count',
  );
  tree.forEach((group, i) => {
    const ids = (group.children ?? []).flatMap(incidentIdsOf);
    assert.deepEqual([...ids].sort(), [...tally.groups[i]!.incidentIds].sort(), `incidents under ${group.label}`);
    for (const row of group.children ?? []) {
      // Then by month; a month of one incident is folded away, the incident listed directly.
      if (/^\d{4}-\d{2}$/.test(row.label)) assert.ok((row.children ?? []).length >= 2, `the month ${row.label} holds two or more incidents`);
      else assert.match(row.label, /^[A-Z]+-\d+ /, `a lone incident listed directly: ${row.label}`);
    }
  });
}

/**
 * The README's picture of the analysis (runTests.js --screenshots): the chart by kind with the team's
 * budget lines, the budget verdicts and the failure rate by area next to the tolerance, in a window tall
 * and wide enough to read them, the side bar closed so the chart has the width.
 */
async function screenshotAnalysis(config: string, original: string): Promise<void> {
  fs.writeFileSync(
    config,
    `${original.trimEnd()}\nqualityBar:\n  budget:\n    period: month\n    regressions: 0\n    incidents: 1\n  tolerance:\n    regression: "one a quarter at most"\n`,
  );
  await waitForState(
    (s) => ['class="budget-line"', 'data-status="ready"', 'regression: one a quarter at most'].every((part) => (s.analysisHtml ?? '').includes(part)),
    'the analysis with a budget and a tolerance',
    { timeoutMs: 60_000 },
  );
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  try {
    await requestScreenshot('incident-analysis', { width: 1280, height: 2200 });
  } finally {
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
  }
}

describe('sidebar views and the ledger (demo repository)', function () {
  this.timeout(90_000);
  let root: string;
  const config = () => vscode.workspace.getConfiguration('changeRisk');

  before(async () => {
    await waitForActivation();
    root = workspaceRoot();
    await waitForState((s) => s.repositories[0]?.status === 'ready', 'the index', { timeoutMs: 60_000 });
  });

  after(async () => {
    for (const key of ['incidents.groupBy', 'incidents.onlyActiveFile']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    // Leave the window as a user sees it (runTests.js --screenshots): invoice.rb with its warnings, the sidebar open.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.view.extension.changeRisk');
    const screenshots = process.env.CHANGE_RISK_SCREENSHOTS === '1';
    if (screenshots) await arrangeSidebarForScreenshot();
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'app/models/invoice.rb')));
    editor.revealRange(new vscode.Range(36, 0, 60, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await waitForState(
      (s) =>
        (s.editors[0]?.decorations?.severe.length ?? 0) + (s.editors[0]?.decorations?.incident.length ?? 0) > 0 &&
        s.incidentsTree.length === 4 &&
        s.qualityBar.some((item) => item.label === 'Rules for invoice.rb'),
      'decorations and filled views for the screenshot',
    );
    if (screenshots) await requestScreenshot('workbench-invoice');
  });

  it('lists the ledger grouped by kind then month, with the counts of incidentTally', async () => {
    const state = await testState();
    const tally = state.repositories[0]!.tally!;
    assert.equal(tally.kind.total, state.repositories[0]!.incidents.length);
    assertTreeMatches(state.incidentsTree, tally.kind, (key) => KIND_LABEL[key] ?? key);
  });

  it('switches to grouping by area from the view title action', async () => {
    await vscode.commands.executeCommand('changeRisk.incidents.groupByArea');
    const state = await waitForState((s) => s.incidentsTree.some((g) => g.label === 'billing'), 'grouping by area');
    assertTreeMatches(state.incidentsTree, state.repositories[0]!.tally!.area, (key) => key);
    await vscode.commands.executeCommand('changeRisk.incidents.groupByKind');
    await waitForState((s) => s.incidentsTree.some((g) => g.label === 'Regressions'), 'grouping by kind again');
  });

  it('shows only the active file’s incidents when asked', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'app/models/invoice.rb')));
    await vscode.commands.executeCommand('changeRisk.incidents.showActiveFileOnly');
    const state = await waitForState((s) => s.incidentsTree.length > 0 && s.incidentsTree.length < 4, 'filtered tree');
    const ids = state.incidentsTree.flatMap((g) => (g.children ?? []).flatMap(incidentIdsOf));
    assert.ok(ids.includes('INC-12'), `INC-12 is linked to invoice.rb: ${ids.join(', ')}`);
    assert.ok(!ids.includes('INC-21'), 'INC-21 (search) is not');
    await vscode.commands.executeCommand('changeRisk.incidents.showAll');
    await waitForState((s) => s.incidentsTree.length === 4, 'all incidents again');
  });

  it('lists an incident’s affected files as its children', async () => {
    const state = await testState();
    const rows = state.incidentsTree.flatMap((g) => g.children ?? []);
    const inc12 = [...rows, ...rows.flatMap((m) => m.children ?? [])].find((i) => i.label.startsWith('INC-12 '));
    assert.ok(inc12, 'INC-12 is in the tree');
    assert.ok((inc12.children ?? []).some((f) => f.label === 'invoice.rb'), JSON.stringify(inc12.children));
  });

  it('ranks risky source files only, each with the evidence behind its level first', async () => {
    const listed = (await testState()).riskyFiles;
    assert.ok(listed.length > 0, 'hotspots are listed');
    assert.match(listed[0]!.description ?? '', /^#1 (high|medium|low) · /, 'in the model’s order, from #1');
    const files = listed.map((item) => item.resource!);
    assert.ok(files.every(Boolean), 'each item opens its file');
    const state = await testState({ files });
    const evidence = new Set(['override', 'incidents', 'unrecorded-incidents', 'reverts', 'fixes', 'legacy-declared']);
    for (const [i, item] of listed.entries()) {
      const risk = state.fileRisks[files[i]!];
      assert.ok(risk, `${item.label} has a risk`);
      assert.deepEqual([risk.role, risk.rated], ['source', true], `${item.label} is source code`);
      assert.notEqual(risk.level, 'none');
      assert.ok((item.description ?? '').startsWith(`#${risk.rank} ${risk.level}`), `${item.label}: ${item.description}`);
      assert.ok(evidence.has(risk.reasonKinds[0]!), `${item.label}: the first reason names evidence, not ${risk.reasonKinds[0]}: ${risk.reasons[0]}`);
      assert.match(risk.reasons[0]!, /INC-\d+|fix|revert|marked|legacy area/, `${item.label}: ${risk.reasons[0]}`);
      assert.ok((item.description ?? '').includes(risk.reasons[0]!), `${item.label} shows its first reason: ${item.description}`);
      assert.equal(item.description, `#${risk.rank} ${risk.level} · ${risk.reasons[0]}`, 'rank, level and top evidence only: the row fits the default sidebar width');
      const tooltip = (item.tooltip ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'); // appendText escapes Markdown
      assert.ok(tooltip.startsWith(`${path.relative(root, files[i]!)}: ${risk.level} risk`) && tooltip.includes(`• ${risk.reasons[0]}`), tooltip);
    }
    const relative = files.map((file) => path.relative(root, file));
    for (const notCode of ['CHANGELOG.md', 'Gemfile', '.rubocop.yml', 'README.md']) assert.ok(!relative.includes(notCode), `${notCode} is not listed`);
    assert.ok(!relative.some((file) => file.startsWith('spec/') || file.startsWith('.changerisk/')), relative.join(', '));
  });

  it('opens the incident analysis webview with a strict CSP, a nonce, local resources only', async () => {
    const html = (await vscode.commands.executeCommand('changeRisk.showIncidentAnalysis')) as string;
    assert.ok(html, 'the panel rendered HTML');
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
    const nonce = /^default-src 'none'; style-src [^;]+ 'nonce-([A-Za-z0-9+/=]+)'; script-src 'nonce-\1'; img-src [^;]+$/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 1, 'one script: the extension\'s own');
    assert.ok(scripts[0]!.includes(`nonce="${nonce}"`) && /src="[^"]+\/media\/analysis\.js"/.test(scripts[0]!), scripts[0]);
    assert.match(html, /Incidents per month, by kind/);
    assert.ok(!/ style="/.test(html), 'no inline style attributes (the CSP would block them)');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows the analysis a team lead reviews: every month on the axis, the budget line, clicks through to a postmortem and a file', async () => {
    const config = path.join(root, '.changerisk', 'config.yaml');
    const original = fs.readFileSync(config, 'utf8');
    try {
      await vscode.commands.executeCommand('changeRisk.showIncidentAnalysis');
      let state = await testState();
      const html = state.analysisHtml!;
      // The demo's first incidents are INC-7 (2023-05-31) and INC-12 (2024-03-14): the months between are on the axis, empty.
      const months = [...html.matchAll(/<g class="bar[^"]*" data-month="(\d{4}-\d{2})"/g)].map((m) => m[1]!);
      const axis = months.slice(0, months.indexOf(months[0]!, 1) > 0 ? months.indexOf(months[0]!, 1) : months.length);
      assert.equal(axis[axis.indexOf('2023-05') + 1], '2023-06', `no month skipped: ${axis.join(' ')}`);
      assert.match(html, /<g class="bar empty" data-month="2023-06">/, 'an empty month is on the axis');
      assert.ok(axis.includes(new Date().toISOString().slice(0, 7)), 'the axis reaches this month');
      assert.match(html, /No incident budget is set/);

      // A budget in the team's config: the panel re-renders with a budget line per kind.
      fs.writeFileSync(config, `${original.trimEnd()}\nqualityBar:\n  budget:\n    period: month\n    regressions: 0\n    incidents: 1\n`);
      state = await waitForState((s) => (s.analysisHtml ?? '').includes('class="budget-line"'), 'the budget line in the analysis');
      const budgeted = state.analysisHtml!;
      assert.equal((budgeted.match(/class="budget-line"/g) ?? []).length, 2, 'one budget line per kind with a budget');
      assert.match(budgeted, /<h3>regression per month, budget 0<\/h3><p class="verdict over">Over budget in \d+ of \d+ periods: [^<]*2024-03/, 'INC-12 (2024-03) is over a budget of 0 regressions');

      // A click on an incident id, as the page posts it: the extension opens that postmortem.
      const postmortem = /data-open-incident="([^"]+)"/.exec(budgeted)![1]!;
      state = await testState({ analysisMessage: { command: 'openIncident', file: postmortem } });
      assert.equal(state.analysisOpened, postmortem);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(root, ...postmortem.split('/')), 'the postmortem is open');
      const named = 'app/models/invoice.rb';
      assert.ok(budgeted.includes(`data-open-file="${named}"`), 'INC-12 names invoice.rb');
      state = await testState({ analysisMessage: { command: 'openFile', path: named } });
      assert.equal(state.analysisOpened, named);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(root, ...named.split('/')), 'a file the incident names is open');
      for (const refused of [{ command: 'openIncident', file: 'app/models/invoice.rb' }, { command: 'openFile', path: '../outside.txt' }, { command: 'openFile', path: '.changerisk/config.yaml' }]) {
        assert.equal((await testState({ analysisMessage: refused })).analysisOpened, undefined, JSON.stringify(refused));
      }
    } finally {
      fs.writeFileSync(config, original);
      await waitForState((s) => !(s.analysisHtml ?? '').includes('class="budget-line"'), 'the analysis without a budget again');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('shows the failure rate by area in the incident analysis, quarter by quarter, next to the team\'s tolerance', async () => {
    const config = path.join(root, '.changerisk', 'config.yaml');
    const original = fs.readFileSync(config, 'utf8');
    try {
      await vscode.commands.executeCommand('changeRisk.showIncidentAnalysis');
      let state = await waitForState((s) => (s.analysisHtml ?? '').includes('data-status="ready"'), 'the failure rate by area computed', { timeoutMs: 60_000 });
      let html = state.analysisHtml!;
      const start = html.indexOf('<section aria-labelledby="title-area-rates"');
      const section = html.slice(start, html.indexOf('</section>', start));
      assert.match(section, /<h2 id="title-area-rates">Failure rate by area<\/h2>/);
      assert.match(section, /No tolerance is written in the quality bar/);
      const columns = [...section.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]!);
      assert.equal(columns[0], 'Area or folder');
      assert.equal(columns.at(-1), 'All');
      assert.ok(columns.slice(1, -1).length === 4 && columns.slice(1, -1).every((q) => /^\d{4}-Q[1-4]$/.test(q)), `four quarters: ${columns.join(', ')}`);
      const rows = [...section.matchAll(/<th scope="row" class="group-name">([^<]*)<\/th>/g)].map((m) => m[1]!);
      assert.deepEqual(rows.slice(0, 2), ['billing', 'search'], 'the declared areas first, in the config\'s order');
      assert.ok(rows.includes('app/') && rows.at(-1) === 'whole repository', rows.join(', '));
      assert.match(section, /<span class="rate">[\d.]+ changes\/month · \d+ % fix-inducing<\/span><svg class="share-bar"/, 'a quarter with its rate and share, the bar beside the words');

      // The team writes its tolerance: the section shows it next to the figures.
      fs.writeFileSync(config, `${original.trimEnd()}\nqualityBar:\n  tolerance:\n    regression: "one a quarter <at most>"\n`);
      state = await waitForState((s) => (s.analysisHtml ?? '').includes('quality bar): regression: one a quarter &lt;at most&gt;') && (s.analysisHtml ?? '').includes('data-status="ready"'), 'the tolerance next to the failure rate', { timeoutMs: 60_000 });
      html = state.analysisHtml!;
      assert.match(html, /<p class="tolerance">The team&#39;s tolerance \(quality bar\): regression: one a quarter &lt;at most&gt;<\/p>/);
      if (process.env.CHANGE_RISK_SCREENSHOTS === '1') await screenshotAnalysis(config, original);

      // Closed while a new engine's rates are computed in the worker: the run ends with the page.
      fs.writeFileSync(config, original);
      await waitForState((s) => !(s.analysisHtml ?? '').includes('<p class="tolerance">The team&#39;s tolerance'), 'the analysis of the new team files');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal((await testState()).analysisComputing, false, 'closing the page cancels the computation');
    } finally {
      fs.writeFileSync(config, original);
      await waitForState((s) => !(s.analysisHtml ?? '').includes('<p class="tolerance">The team&#39;s tolerance'), 'the analysis without a tolerance again');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('records a near-miss as a valid ledger file and never overwrites one', async () => {
    const answers = {
      kind: 'near-miss',
      title: 'Migration <img src=x onerror=alert(1)> almost "locked": invoices #1',
      severity: 'low',
      date: '2026-01-02',
      affected: 'app/models/invoice.rb:41-44',
      commit: '',
      open: false,
    };
    const first = (await vscode.commands.executeCommand('changeRisk.recordIncident', answers)) as string;
    assert.ok(first && fs.existsSync(first), `written: ${first}`);
    assert.equal(fs.realpathSync(path.dirname(first)), fs.realpathSync(path.join(root, '.changerisk', 'incidents')));
    assert.match(path.basename(first), /^2026-01-02-migration-img-src-x-onerror-alert-1-almost-locked-invoices-1\.md$/);
    const text = fs.readFileSync(first, 'utf8');
    const parsed = parseIncident(text, `.changerisk/incidents/${path.basename(first)}`, { declaredAreas: ['billing', 'search'] });
    assert.deepEqual(parsed.diagnostics, [], 'no problems');
    assert.equal(parsed.incident?.title, answers.title);
    assert.equal(parsed.incident?.kind, 'near-miss');
    assert.deepEqual(parsed.incident?.affected, [{ path: 'app/models/invoice.rb', lines: [{ start: 41, end: 44 }] }]);

    const second = (await vscode.commands.executeCommand('changeRisk.recordIncident', answers)) as string;
    assert.notEqual(second, first, 'a second record gets a new name');
    assert.match(path.basename(second), /-2\.md$/);
    assert.equal(fs.readFileSync(first, 'utf8'), text, 'the first file is untouched');

    const state = await waitForState((s) => s.repositories[0]!.incidents.length >= 12, 'the new incidents in the ledger');
    const ids = state.repositories[0]!.incidents;
    assert.equal(new Set(ids).size, ids.length, 'distinct ids');
    fs.rmSync(first);
    fs.rmSync(second);
    await waitForState((s) => s.repositories[0]!.incidents.length === 10, 'the ledger back to 10');
  });

  it('shows a broken ledger file in the Problems panel at its line; the rest keeps working, without git', async () => {
    const gitBefore = (await testState()).gitUse.length;
    const broken = path.join(root, '.changerisk', 'incidents', 'zz-broken.md');
    fs.writeFileSync(broken, '---\nid: INC-99\ntitle: Broken on purpose\ndate: 2024-13-45\nkind: incident\n---\n\nBody.\n');
    try {
      const uri = vscode.Uri.file(broken);
      const deadline = Date.now() + 20_000;
      let diagnostics = vscode.languages.getDiagnostics(uri);
      while (diagnostics.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        diagnostics = vscode.languages.getDiagnostics(uri);
      }
      const dateProblem = diagnostics.find((d) => d.message.includes('date'));
      assert.ok(dateProblem, JSON.stringify(diagnostics.map((d) => d.message)));
      assert.equal(dateProblem.range.start.line, 3, 'on the date line (0-based 3)');
      assert.equal(dateProblem.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(dateProblem.source, 'Change Risk');
      const state = await testState();
      assert.equal(state.repositories[0]!.incidents.length, 10, 'the valid incidents are all still loaded');
      assert.equal(state.gitUse.length, gitBefore, 'team files are re-read without git');
    } finally {
      fs.rmSync(broken, { force: true });
    }
    const deadline = Date.now() + 20_000;
    while (vscode.languages.getDiagnostics(vscode.Uri.file(broken)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(vscode.languages.getDiagnostics(vscode.Uri.file(broken)).length, 0, 'fixed problems disappear');
  });
});

describe('the Get Started walkthrough (demo repository)', function () {
  this.timeout(60_000);

  it('walks a new team through four steps whose buttons run real commands and whose pages ship with the extension', async () => {
    const extension = await waitForActivation();
    const manifest = extension.packageJSON as { contributes: { walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown: string }; completionEvents: string[] }[] }[] } };
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'changeRisk.gettingStarted');
    assert.ok(walkthrough, 'the walkthrough is contributed');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['riskyFiles', 'recordNearMiss', 'createConfig', 'addCiCheck']);
    const registered = new Set(await vscode.commands.getCommands(true));
    // The page of each step is per language (package.nls*.json name it); whichever the manifest resolved to, and the English one, ship.
    const nls = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const resolved = (value: string) => (/^%(.+)%$/.test(value) ? nls[value.slice(1, -1)]! : value);
    for (const step of walkthrough.steps) {
      for (const page of new Set([step.media.markdown, resolved(step.media.markdown)])) {
        if (!page.startsWith('%')) assert.ok(fs.existsSync(path.join(extension.extensionPath, page)), `${page} ships with the extension`);
      }
      const links = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.equal(links.length, 1, `${step.id} has one button`);
      assert.ok(registered.has(links[0]!), `${step.id}'s button runs ${links[0]}, a registered command`);
      assert.ok(step.completionEvents.length > 0, `${step.id} is checked off when done`);
    }
  });

  it('opens the team configuration the demo has without touching it, and adds the CI workflow once, never over an existing file', async () => {
    const root = workspaceRoot();
    const config = path.join(root, '.changerisk', 'config.yaml');
    const before = fs.readFileSync(config, 'utf8');
    const opened = (await vscode.commands.executeCommand('changeRisk.createConfig')) as { file?: string; created: boolean };
    assert.deepEqual(opened, { file: config, created: false });
    assert.equal(fs.readFileSync(config, 'utf8'), before, 'the existing config is left as it was');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, config, 'and opened');

    const workflow = path.join(root, '.github', 'workflows', 'change-risk.yml');
    assert.ok(!fs.existsSync(workflow));
    try {
      const first = (await vscode.commands.executeCommand('changeRisk.addCiCheck')) as { created: boolean };
      assert.equal(first.created, true);
      const written = fs.readFileSync(workflow, 'utf8');
      assert.match(written, /uses: change-risk\/change-risk@v1/);
      assert.match(written, /fetch-depth: 0/);
      fs.appendFileSync(workflow, '# edited by the team\n');
      const second = (await vscode.commands.executeCommand('changeRisk.addCiCheck')) as { created: boolean };
      assert.equal(second.created, false);
      assert.equal(fs.readFileSync(workflow, 'utf8'), `${written}# edited by the team\n`, 'never replaced');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(path.join(root, '.github', 'workflows'), { recursive: true, force: true });
      // Let the file watchers' reactions settle before the next suite counts checklist runs.
      await sleep(1500);
      await testState({ waitIdle: true });
    }
  });
});
