import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// settings.ts imports vscode for the Settings class; the pure reader is tested through a stub module.
import Module from 'node:module';

describe('settings', () => {
  it('reads typed values with defaults for missing or invalid ones, and the manifest declares each key', () => {
    const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
    (Module as unknown as { _load: unknown })._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? {} : load(request, ...rest));
    let settings: typeof import('../../../src/extension/settings');
    try {
      settings = require('../../../src/extension/settings');
    } finally {
      (Module as unknown as { _load: unknown })._load = load;
    }
    const values: Record<string, unknown> = { 'gutterWarnings.enabled': false, 'blame.maxFileSizeKB': -3, 'incidents.groupBy': 'area', 'riskyFiles.count': 'ten' };
    const read = settings.readSettings(<T>(key: string, fallback: T) => (key in values ? (values[key] as T) : fallback));
    assert.equal(read.gutterWarnings.enabled, false);
    assert.equal(read.blame.maxFileSizeKB, settings.DEFAULTS.blame.maxFileSizeKB, 'negative: default');
    assert.equal(read.incidents.groupBy, 'area');
    assert.equal(read.riskyFiles.count, 50);

    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    const declared = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    const flat = (prefix: string, object: object): [string, unknown][] =>
      Object.entries(object).flatMap(([key, value]) => (value && typeof value === 'object' ? flat(`${prefix}${key}.`, value) : [[`${prefix}${key}`, value] as [string, unknown]]));
    for (const [key, value] of flat('changeRisk.', settings.DEFAULTS)) {
      assert.ok(declared[key], `${key} is declared in package.json`);
      assert.deepEqual(declared[key]!.default, value, `${key} has the same default`);
    }
    assert.equal(Object.keys(declared).length, flat('', settings.DEFAULTS).length, 'no undeclared extra keys');
  });
});
