import * as assert from 'node:assert/strict';
import { dependencyChanges, dependencyChangesOf } from '../../../../src/core/change/dependencies';
import { readGemfileLock } from '../../../../src/core/change/dependencies/bundler';

/** Shaped like real Bundler 2.5 locks (huginn, rubygems.org): a GIT source, platform gems, CHECKSUMS. */
function gemfileLock(o: { rails: string; nokogiri: string; revision: string; rack: string; miniPortile: boolean; avo: string }): string {
  return `GIT
  remote: https://github.com/dsander/erector.git
  revision: ${o.revision}
  branch: rails6
  specs:
    erector (0.10.0)
      treetop (>= 1.2.3)

GEM
  remote: https://packager.dev/avo-hq/
  specs:
    avo-advanced (${o.avo})
      avo (= ${o.avo})

GEM
  remote: https://rubygems.org/
  specs:
    avo (${o.avo})
      rails (>= 6.1)
    ${o.miniPortile ? 'mini_portile2 (2.8.5)\n    ' : ''}nokogiri (${o.nokogiri})
      racc (~> 1.4)${o.miniPortile ? '\n      mini_portile2 (~> 2.8.2)' : ''}
    nokogiri (${o.nokogiri}-arm64-darwin)
      racc (~> 1.4)
    nokogiri (${o.nokogiri}-x86_64-linux-gnu)
      racc (~> 1.4)
    rack (${o.rack})
    racc (1.7.3)
    rails (${o.rails})
      actionpack (= ${o.rails})
    treetop (1.6.12)

PLATFORMS
  arm64-darwin
  ruby
  x86_64-linux-gnu

DEPENDENCIES
  avo-advanced (~> 3.32)!
  erector!
  nokogiri
  rails (~> ${o.rails.split('.').slice(0, 2).join('.')})

CHECKSUMS
  nokogiri (${o.nokogiri}) sha256=7012f59421009cf284aa651294896414d653a61a2417c9b8714c8476d2f74009
  rails (${o.rails}) sha256=e318528295c878a3efdfe25f0f2267c80cb7a76eba41bb5f64d44aa380a3d91b

RUBY VERSION
   ruby 3.3.4p94

BUNDLED WITH
   2.5.16
`;
}

const before = gemfileLock({ rails: '7.1.3.4', nokogiri: '1.15.5', revision: '821c2fa9174b56cc39e203883d83b18b60912a36', rack: '0.9.2', miniPortile: true, avo: '3.32.4' });
const after = gemfileLock({ rails: '8.0.1', nokogiri: '1.16.0', revision: '172396ba66144124e3af676e1b8f02f393dfdfdc', rack: '0.10.0', miniPortile: false, avo: '3.32.4' });

describe('dependencies: Bundler', () => {
  it('lists every gem added, removed or updated with versions, major steps and direct-ness, direct first', () => {
    const report = dependencyChanges({ path: 'Gemfile.lock', oldText: before, newText: after });
    assert.deepEqual(report.problems, []);
    const summary = report.changes.map((c) => [c.name, c.change, c.from, c.to, c.bump, c.major, c.direct]);
    assert.deepEqual(summary, [
      ['erector', 'updated', ['0.10.0 (git 821c2fa)'], ['0.10.0 (git 172396b)'], 'changed', false, true],
      ['nokogiri', 'updated', ['1.15.5'], ['1.16.0'], 'minor', false, true],
      ['rails', 'updated', ['7.1.3.4'], ['8.0.1'], 'major', true, true],
      ['mini_portile2', 'removed', ['2.8.5'], undefined, undefined, false, false],
      ['rack', 'updated', ['0.9.2'], ['0.10.0'], 'major', true, false],
    ]);
    assert.ok(report.changes.every((c) => c.ecosystem === 'rubygems' && c.manager === 'bundler' && c.file === 'Gemfile.lock' && c.source === 'lockfile'));
  });

  it('collapses platform variants of a gem into one version and reads `name (requirement)!` as direct', () => {
    const snapshot = readGemfileLock(after);
    assert.deepEqual([...snapshot.packages.get('nokogiri')!], ['1.16.0']);
    assert.ok(snapshot.direct.has('avo-advanced'), 'avo-advanced (~> 3.32)! is direct');
    assert.ok(!snapshot.packages.has('sha256'), 'CHECKSUMS lines are not gems');
    assert.deepEqual(snapshot.problems, []);
  });

  it('a new lock (no old text) lists every gem as added', () => {
    const report = dependencyChanges({ path: 'Gemfile.lock', newText: after });
    assert.equal(report.changes.length, 8);
    assert.ok(report.changes.every((c) => c.change === 'added'));
  });

  it('names file and line of a malformed spec and still reads the rest', () => {
    const broken = after.replace('    rack (0.10.0)\n', '    rack 0.10.0 oops\n');
    const report = dependencyChanges({ path: 'api/Gemfile.lock', oldText: before, newText: broken });
    const line = broken.split('\n').findIndex((l) => l.includes('oops')) + 1;
    assert.deepEqual(report.problems, [`api/Gemfile.lock line ${line}: gem spec "rack 0.10.0 oops" is not "name (version)"`]);
    assert.ok(report.changes.some((c) => c.name === 'rails' && c.major), 'the valid rest is compared');
  });

  it('garbage, conflict markers and binary text yield problems, never an exception', () => {
    const conflicted = after.replace('    racc (1.7.3)\n', '<<<<<<< HEAD\n    racc (1.7.3)\n=======\n    racc (1.7.4)\n>>>>>>> main\n');
    assert.match(dependencyChanges({ path: 'Gemfile.lock', oldText: before, newText: conflicted }).problems[0]!, /^Gemfile\.lock line \d+: merge conflict marker$/);
    const garbage = dependencyChanges({ path: 'Gemfile.lock', oldText: '\u0000\u0001PNG\r\n(((((', newText: after });
    assert.deepEqual(garbage.problems, ['before the change: Gemfile.lock: not a Gemfile.lock (no GEM, GIT or PATH section)']);
    const lines = Array.from({ length: 100 }, (_, i) => `    bad line ${i}`).join('\n');
    const many = dependencyChanges({ path: 'Gemfile.lock', newText: `GEM\n  specs:\n${lines}\n` });
    assert.equal(many.problems.length, 21, 'problems are capped');
  });

  it('reads a Gemfile when no lockfile changed: requirements added, removed and changed', () => {
    const gemfile = (rails: string, extra: string) => `source "https://rubygems.org"

gem "rails", "${rails}" # the framework
gem 'pg', '>= 1.1', '< 2.0'
group :development, :test do
  gem "erector", github: "dsander/erector", branch: "rails6", require: false
${extra}end
`;
    const report = dependencyChangesOf([{ path: 'Gemfile', oldText: gemfile('~> 7.1.3', '  gem "byebug"\n'), newText: gemfile('~> 8.0', '  gem "debug", ">= 1.0.0"\n') }]);
    assert.deepEqual(report.problems, []);
    assert.deepEqual(
      report.changes.map((c) => [c.name, c.change, c.from, c.to, c.major, c.direct, c.source]),
      [
        ['byebug', 'removed', ['*'], undefined, false, true, 'manifest'],
        ['debug', 'added', undefined, ['>= 1.0.0'], false, true, 'manifest'],
        ['rails', 'updated', ['~> 7.1.3'], ['~> 8.0'], true, true, 'manifest'],
      ],
    );
    // With the lock in the same change, the lock's resolved versions are reported and the Gemfile is not.
    const both = dependencyChangesOf([
      { path: 'Gemfile', oldText: gemfile('~> 7.1.3', ''), newText: gemfile('~> 8.0', '') },
      { path: 'Gemfile.lock', oldText: before, newText: after },
    ]);
    assert.ok(both.changes.every((c) => c.source === 'lockfile'));
  });

  it('a Gemfile source option (branch, github) change is a changed requirement', () => {
    const a = 'gem "erector", github: "dsander/erector", branch: "rails6"\n';
    const b = 'gem "erector", github: "dsander/erector", branch: "rails7"\n';
    const [change] = dependencyChanges({ path: 'Gemfile', oldText: a, newText: b }).changes;
    assert.deepEqual([change!.from, change!.to, change!.bump, change!.major], [['github: dsander/erector, branch: rails6'], ['github: dsander/erector, branch: rails7'], 'changed', false]);
  });
});
