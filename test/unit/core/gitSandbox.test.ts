import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readChange } from '../../../src/core/change/change';
import { ChangeRiskEngine } from '../../../src/core/engine';
import { blameLinesAt } from '../../../src/core/git/blameLines';
import { runChangeRisk } from '../../helpers/cli';
import { bob, lines, TestRepo } from '../../helpers/testRepo';

/**
 * Issue #17, finding 1: a repository's own git configuration names programs (fsmonitor hook, gpg, clean/smudge/process
 * filters, textconv, external diff). A read-only analysis must start none of them. Each program here is a script that
 * leaves a marker file named after its role; the control test proves plain git does start every one of them.
 */
const ROLES = ['fsmonitor', 'gpg', 'clean', 'oddclean', 'process', 'textconv', 'extdiff'] as const;

describe('git sandbox: the analysed repository configures no program Change Risk runs', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let markers: string;
  let bin: string;
  let signed: string;

  const marked = () => fs.readdirSync(markers).sort();
  const clearMarkers = () => {
    for (const name of fs.readdirSync(markers)) fs.rmSync(path.join(markers, name));
  };
  /** Plain git in the repository, as a user would run it: the repository's configuration applies. */
  const plainGit = (...args: string[]) => spawnSync('git', args, { cwd: repo.root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

  before(() => {
    repo = TestRepo.create('change-risk-hostile-');
    markers = `${repo.root}-markers`;
    bin = `${repo.root}-bin`;
    fs.mkdirSync(markers);
    fs.mkdirSync(bin);
    // Each script records that it ran, then behaves well enough for git to go on (filters and textconv pass text through).
    const script = (role: string, body: string) => {
      const file = path.join(bin, role);
      fs.writeFileSync(file, `#!/bin/sh\ntouch '${path.join(markers, role)}'\n${body}\n`, { mode: 0o755 });
      return file;
    };
    const programs = {
      fsmonitor: script('fsmonitor', 'exit 1'),
      gpg: script('gpg', 'exit 1'),
      clean: script('clean', 'cat'),
      oddclean: script('oddclean', 'cat'),
      process: script('process', 'exit 1'),
      textconv: script('textconv', 'cat "$1"'),
      extdiff: script('extdiff', 'exit 0'),
    };

    repo.commit({ message: 'Add app', date: '2024-01-01T10:00:00Z', author: bob, files: { 'src/app.js': lines(12), 'notes.txt': lines(3, 'note'), 'doc.md': 'doc\n' } });
    // A signed commit: log.showSignature then hands it to gpg.program. The signature itself need not be valid.
    const raw = repo.git('cat-file', 'commit', 'HEAD');
    const gpgsig = 'gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----';
    const object = raw.replace(/^(committer .*)$/m, `$1\n${gpgsig}`) + '\n';
    signed = spawnSync('git', ['hash-object', '-w', '-t', 'commit', '--stdin'], { cwd: repo.root, input: object, encoding: 'utf8' }).stdout.trim();
    repo.git('update-ref', 'refs/heads/main', signed);
    repo.commit({ message: 'Fix overflow in totals', date: '2024-02-01T10:00:00Z', author: bob, files: { 'src/app.js': lines(12).replace('line 5', 'fixed 5'), 'notes.txt': lines(3, 'fixed note') } });
    repo.commit({ message: 'Fix rounding', date: '2024-03-01T10:00:00Z', author: bob, files: { 'src/app.js': lines(12).replace('line 5', 'fixed 5').replace('line 8', 'fixed 8') } });
    repo.commit({ message: 'Attributes', date: '2024-03-02T10:00:00Z', files: { '.gitattributes': '*.txt filter=evilproc diff=evil\n' } });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ message: 'Change totals', date: '2024-04-01T10:00:00Z', files: { 'src/app.js': repo.read('src/app.js').replace('fixed 8', 'changed 8') } });
    // Work-tree edits: git hashes these files, which is when clean and process filters run.
    repo.write('src/app.js', repo.read('src/app.js').replace('line 1\n', 'edited 1\n'));
    repo.write('notes.txt', repo.read('notes.txt').replace('fixed note 2', 'edited note 2'));
    repo.write('doc.md', 'edited doc\n');

    // The hostile configuration, written last so building the repository above ran none of it.
    fs.writeFileSync(path.join(repo.root, '.git', 'info', 'attributes'), '*.js filter=evil diff=evil\n*.md filter=odd=na.me\n');
    const config: Array<[string, string]> = [
      ['core.fsmonitor', programs.fsmonitor],
      ['log.showSignature', 'true'],
      ['gpg.program', programs.gpg],
      ['filter.evil.clean', programs.clean],
      ['filter.evil.smudge', programs.clean],
      ['filter.evil.required', 'true'],
      // A driver name that a `-c name=value` argument could not spell (it holds '='), and a dot.
      ['filter.odd=na.me.clean', programs.oddclean],
      ['filter.evilproc.process', programs.process],
      ['filter.evilproc.required', 'true'],
      ['diff.evil.textconv', programs.textconv],
      ['diff.evil.command', programs.extdiff],
      ['diff.external', programs.extdiff],
    ];
    for (const [key, value] of config) repo.git('config', key, value);
    clearMarkers();
  });
  after(() => {
    for (const folder of [repo.root, markers, bin, `${repo.root}-cache`]) fs.rmSync(folder, { recursive: true, force: true });
  });
  afterEach(clearMarkers);

  it('control: plain git runs every one of the configured programs', () => {
    plainGit('status');
    plainGit('log', '-1', signed);
    plainGit('diff', 'main', '--', 'src/app.js');
    plainGit('diff', '--no-ext-diff', 'main', '--', 'src/app.js');
    plainGit('diff', 'main', '--', 'notes.txt');
    plainGit('diff', 'main', '--', 'doc.md');
    assert.deepEqual(marked(), [...ROLES].sort());
  });

  for (const args of [['hotspots'], ['explain', 'src/app.js'], ['impact', '--base', 'main'], ['check', '--base', 'main', '--now', '2024-06-01']]) {
    it(`change-risk ${args[0]} runs none of them`, () => {
      const result = runChangeRisk(repo.root, ...args);
      assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /filter|fatal|error/i);
      assert.deepEqual(marked(), []);
    });
  }

  it('impact still reads the change and blames its lines at the merge-base', async () => {
    const change = await readChange(repo.root, { base: 'main' });
    assert.deepEqual(change.files.map((file) => [file.path, file.status]), [['doc.md', 'modified'], ['notes.txt', 'modified'], ['src/app.js', 'modified']]);
    const blamed = await blameLinesAt(repo.root, change.mergeBase, 'src/app.js', [{ start: 5, end: 8 }]);
    assert.equal(blamed.length > 0, true);
    assert.deepEqual(marked(), []);
  });

  it('the editor paths (engine, line marks of the file on disk and of unsaved contents) run none of them', async () => {
    const engine = await ChangeRiskEngine.open({ folder: repo.root, now: new Date('2024-06-01T00:00:00Z') });
    const onDisk = await engine.lineMarks('src/app.js');
    assert.ok(onDisk.some((mark) => mark.start <= 5 && mark.end >= 5), JSON.stringify(onDisk));
    await engine.lineMarks('src/app.js', { contents: `top\n${repo.read('src/app.js')}` });
    await engine.lineMarks('notes.txt', { contents: 'unsaved\n' });
    assert.ok(await engine.explain('src/app.js'));
    assert.deepEqual(marked(), []);
  });
});

describe('git sandbox: a partial clone whose remote runs a program', function () {
  this.timeout(120_000);
  let source: TestRepo;
  const made: string[] = [];

  before(() => {
    source = TestRepo.create('change-risk-promisor-');
    for (let i = 1; i <= 3; i++) source.commit({ message: `Fix bug ${i}`, date: `2024-0${i}-01T10:00:00Z`, files: { [`src/f${i}.js`]: lines(i) } });
    source.git('config', 'uploadpack.allowFilter', 'true');
  });
  after(() => {
    for (const folder of [source.root, ...made]) fs.rmSync(folder, { recursive: true, force: true });
  });

  /** A clone without blobs: any command that needs one fetches it from the remote, whose upload-pack its config names. */
  const blobless = (name: string) => {
    const clone = `${source.root}-${name}`;
    const marker = `${clone}-marker`;
    const uploadPack = `${clone}-upload-pack`;
    made.push(clone, marker, uploadPack, `${clone}-cache`);
    source.git('clone', '--quiet', '--no-checkout', '--filter=blob:none', `file://${source.root}`, clone);
    fs.writeFileSync(uploadPack, `#!/bin/sh\ntouch '${marker}'\nexec git-upload-pack "$@"\n`, { mode: 0o755 });
    spawnSync('git', ['config', 'remote.origin.uploadpack', uploadPack], { cwd: clone });
    return { clone, marker };
  };

  it('control: plain git fetches a missing blob through the configured program', () => {
    const { clone, marker } = blobless('control');
    const plain = spawnSync('git', ['ls-tree', '-r', '-l', 'HEAD'], { cwd: clone, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    assert.equal(fs.existsSync(marker), true, plain.stderr);
  });

  // The blob sizes hotspots needs are not there and are not fetched: it stops with git's reason, not a stack trace.
  it('change-risk hotspots fetches nothing (no network, no program) and fails cleanly', () => {
    const { clone, marker } = blobless('cli');
    const result = runChangeRisk(clone, 'hotspots');
    assert.equal(fs.existsSync(marker), false);
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stderr, /^change-risk: git .*ls-tree failed \(exit 128\):.*\n.*from promisor remote/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
  });
});
