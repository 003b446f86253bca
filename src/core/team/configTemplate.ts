/**
 * The starter `.changerisk/config.yaml` the editor's walkthrough creates: every setting a team usually
 * writes first, commented out, so creating it changes nothing until the team agrees on a line and
 * uncomments it. The talk's second step — agree as a team on the speed and quality the project must
 * hold — is the `qualityBar` block. Kept parseable with no warning (a unit test checks it).
 */
export const CONFIG_TEMPLATE = `# Change Risk team configuration. Every key is optional; the defaults apply to what is left out.
# docs/team-files.md of the Change Risk repository describes each key. Completion and checks come from the
# JSON Schema when the YAML extension is installed.
version: 1

# Areas of the code base, so incidents and the quality bar can be tallied and set per area.
# areas:
#   - name: billing
#     paths: ["app/models/billing/**", "app/services/payments/**"]
#     owners: ["@payments-team"]
#     note: "Hand-rolled invoice rounding; read INC-12 before touching."
#     legacy: true

# How the history is read: what is not a fix, which commits are bots, which paths to skip.
# history:
#   nonFixPatterns: ['\\btypos?\\b']
#   ignorePaths: ["db/schema.rb", "vendor/**"]
#   botAuthors: ['^Release Robot']

# The team's agreement on speed and quality: checked against every change by \`change-risk check\`.
# Without rules, a change to a high-risk or legacy file needs test changes, an impact statement
# and a monitoring plan.
# qualityBar:
#   summary: "Ship fast outside billing; money code is slow and careful."
#   tolerance:
#     incident: none
#     regression: low
#     near-miss: accepted
#   rules:
#     - name: billing
#       areas: [billing]
#       testChanges: true
#       rollbackPlan: true
#       monitoring: true
#     - minLevel: high
#       testChanges: true
#       impactStatement: true
#   budget:
#     period: month
#     incidents: 1
#     regressions: 2
`;
