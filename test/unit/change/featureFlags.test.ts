import * as assert from 'node:assert/strict';
import type { ChangedFile } from '../../../src/core/change/change';
import { featureFlagChanges, featureFlagChangesAtBase, flagUsesOnLine, type FlagChange, type FlagFile } from '../../../src/core/change/featureFlags';
import { detectChangeKinds } from '../../../src/core/change/kinds';
import { changedFile } from '../../helpers/changedFile';

const file = (path: string, addedLines: string[], removedLines: string[] = [], at = 10, extra: Partial<FlagFile> = {}): FlagFile & ChangedFile =>
  changedFile(path, addedLines, removedLines, at, extra);

const brief = (changes: FlagChange[]) =>
  changes.map((c) => `${c.library} ${c.flag} ${c.change}${c.from !== undefined ? ` from ${c.from}` : ''}${c.to !== undefined ? ` to ${c.to}` : ''} ${c.file}:${c.line}`);

describe('feature flags by library', () => {
  it('reads checks and toggles of each library on a line', () => {
    const uses = (line: string) => flagUsesOnLine(line).map((u) => `${u.library}:${u.flag}:${u.use}`);
    assert.deepEqual(uses('return unless Flipper.enabled?(:multi_currency, current_user)'), ['flipper:multi_currency:check']);
    assert.deepEqual(uses('if Flipper[:new_checkout].enabled?'), ['flipper:new_checkout:check']);
    assert.deepEqual(uses('Flipper.enable(:dark_mode); Flipper.disable "beta"'), ['flipper:dark_mode:enable', 'flipper:beta:disable']);
    assert.deepEqual(uses('Flipper.enable_percentage_of_actors(:search_v2, 25)'), ['flipper:search_v2:enable_percentage_of_actors']);
    assert.deepEqual(uses('Flipper.enabled?(flag_name, actor)'), [], 'a variable is not a flag name');
    assert.deepEqual(uses('if Flipflop.enabled?(:fact_check_manager_api)'), ['flipflop:fact_check_manager_api:check']);
    assert.deepEqual(uses('if Flipflop.restrict_access_by_org?'), ['flipflop:restrict_access_by_org:check']);
    assert.deepEqual(uses('if $rollout.active?(:chat, user)'), ['rollout:chat:check']);
    assert.deepEqual(uses('$rollout.activate_percentage(:chat, 20)'), ['rollout:chat:activate_percentage']);
    assert.deepEqual(uses('$rollout.deactivate(:chat)'), ['rollout:chat:deactivate']);
    assert.deepEqual(uses("const show = ldClient.variation('new-pricing', context, false);"), ['launchdarkly:new-pricing:check']);
    assert.deepEqual(uses('enabled = client.boolVariation("checkout.v2", ctx, false)'), ['launchdarkly:checkout.v2:check']);
    assert.deepEqual(uses('const { newPricing, darkMode: dm } = useFlags();'), ['launchdarkly:newPricing:check', 'launchdarkly:darkMode:check']);
    assert.deepEqual(uses("if (unleash.isEnabled('search-v2')) {"), ['unleash:search-v2:check']);
    assert.deepEqual(uses('if UNLEASH.is_enabled?("search_v2", context)'), ['unleash:search_v2:check']);
    assert.deepEqual(uses('if ENV["FEATURE_SEARCH"] == "1" || ENV.fetch("ENABLE_EXPORT", "0") || ENV["PAYMENTS_ENABLED"] || ENV["DATABASE_URL"]'), [
      'env:FEATURE_SEARCH:check',
      'env:ENABLE_EXPORT:check',
      'env:PAYMENTS_ENABLED:check',
    ]);
    assert.deepEqual(uses('const dark = process.env.FF_DARK_MODE === "true";'), ['env:FF_DARK_MODE:check']);
  });

  it('a flag checked in new code for the first time is added; a removed check is removed', () => {
    const changes = featureFlagChanges([
      file('app/models/invoice.rb', ['    return old_total unless Flipper.enabled?(:multi_currency)'], [], 12),
      file('app/controllers/orders_controller.rb', [], ['    if $rollout.active?(:legacy_cart, current_user)'], 30),
    ]);
    assert.deepEqual(brief(changes), ['rollout legacy_cart removed app/controllers/orders_controller.rb:30', 'flipper multi_currency added app/models/invoice.rb:12']);
  });

  it('a check that only moved between files is not reported', () => {
    const changes = featureFlagChanges([
      file('app/services/pricing.rb', ['    if Flipper.enabled?(:multi_currency) && Flipflop.enabled?(:fact_check)'], [], 5),
      file('app/models/invoice.rb', [], ['    if Flipper.enabled?(:multi_currency)', '    if Flipflop.enabled?(:fact_check)'], 8),
    ]);
    assert.deepEqual(brief(changes), []);
  });

  it('toggles are default switches, wherever they are new', () => {
    const changes = featureFlagChanges([file('db/migrate/2_enable_search.rb', ['    Flipper.enable(:search_v2)', '    $rollout.deactivate(:old_search)'], [], 3)]);
    assert.deepEqual(brief(changes), ['flipper search_v2 default-switched to enable db/migrate/2_enable_search.rb:3', 'rollout old_search default-switched to deactivate db/migrate/2_enable_search.rb:4']);
  });

  it('a flag the repository already mentioned at the base is "checked", not "added"', async () => {
    const asked: string[][] = [];
    const changes = await featureFlagChangesAtBase(
      [file('app/views/home.rb', ['  if Flipper.enabled?(:dark_mode)', "  if unleash.isEnabled('brand-new')"], [], 4)],
      async (names) => {
        asked.push([...names]);
        return new Set(['dark_mode']);
      },
    );
    assert.deepEqual(asked, [['dark_mode', 'brand-new']]);
    assert.deepEqual(brief(changes), ['flipper dark_mode checked app/views/home.rb:4', 'unleash brand-new added app/views/home.rb:5']);
  });

  describe('Flipflop config/features.rb (publisher shapes)', () => {
    const oldText = `Flipflop.configure do\n  strategy :default\n\n  feature :restrict_access_by_org,\n          default: false,\n          description: "Restrict access"\n\n  feature :show_link,\n          default: %w[integration staging].include?(ENV["GOVUK_ENVIRONMENT"]),\n          description: "Shows link"\n\n  feature :ga4_form_tracking, default: false, description: "GA4"\nend\n`;

    it('a default switched alone on its line is named from the new text', () => {
      const newText = oldText.replace('default: false,\n          description: "Restrict', 'default: true,\n          description: "Restrict');
      const changes = featureFlagChanges([file('config/features.rb', ['          default: true,'], ['          default: false,'], 5, { newText })]);
      assert.deepEqual(brief(changes), ['flipflop restrict_access_by_org default-switched from false to true config/features.rb:5']);
    });

    it('without the new text the flag of a lone default line is "?"', () => {
      assert.deepEqual(brief(featureFlagChanges([file('config/features.rb', ['          default: true,'], ['          default: false,'], 5)])), [
        'flipflop ? default-switched from false to true config/features.rb:5',
      ]);
    });

    it('declarations added and removed, over several lines; a default kept is not reported', () => {
      const changes = featureFlagChanges([
        file('config/features.rb', ['  feature :design_system_edit,', '          default: true,', '          description: "Design system"'], ['  feature :ga4_form_tracking, default: false, description: "GA4"'], 12),
      ]);
      assert.deepEqual(brief(changes), ['flipflop design_system_edit added to true config/features.rb:12', 'flipflop ga4_form_tracking removed from false config/features.rb:12']);
    });

    it('whole versions: compares declarations, expressions as written; checks of a new declared flag are not added twice', () => {
      const newText = oldText.replace('feature :ga4_form_tracking, default: false', 'feature :ga4_form_tracking, default: true').replace('end\n', '  feature :new_editor\nend\n');
      const changes = featureFlagChanges([
        file('config/features.rb', ['  feature :ga4_form_tracking, default: true, description: "GA4"', '  feature :new_editor'], ['  feature :ga4_form_tracking, default: false, description: "GA4"'], 12, { oldText, newText }),
        file('app/controllers/editor_controller.rb', ['    if Flipflop.new_editor?'], [], 3),
      ]);
      assert.deepEqual(brief(changes).sort(), ['flipflop ga4_form_tracking default-switched from false to true config/features.rb:12', 'flipflop new_editor added to false config/features.rb:13']);
    });

    it('is a feature-flag change for the change kinds, not configuration', () => {
      const kinds = Object.fromEntries(detectChangeKinds([file('config/features.rb', ['          default: true,'], ['          default: false,'], 5)]).map((k) => [k.kind, k.files]));
      assert.deepEqual(kinds, { 'feature-flags': ['config/features.rb'] });
    });
  });

  it('Flipper YAML: booleans and `enabled:` keys', () => {
    const changes = featureFlagChanges([file('config/flipper.yml', ['search_v2: true', 'checkout:', '  enabled: false'], ['search_v2: false', 'legacy_export: true'], 2)]);
    assert.deepEqual(brief(changes).sort(), [
      'flipper checkout added to false config/flipper.yml:3',
      'flipper legacy_export removed from true config/flipper.yml:3',
      'flipper search_v2 default-switched from false to true config/flipper.yml:2',
    ]);
  });

  it('stays linear on hostile lines', function () {
    this.timeout(20000);
    const hostile = ['Flipper.enabled?(' + ' '.repeat(50000), '{' + 'a,'.repeat(30000) + '} = useFlags', 'default: ' + '(['.repeat(30000), 'isEnabled(' + '"'.repeat(50000)];
    assert.deepEqual(featureFlagChanges([file('app/x.rb', hostile), file('config/features.rb', hostile)]).length >= 0, true);
  });
});
