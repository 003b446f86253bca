/**
 * The GitHub workflow that runs the Change Risk action on every pull request: the recipe of
 * docs/ci-github.md, which the walkthrough's "Add the CI Check" writes to the repository. A unit test
 * keeps this text and the documented recipe the same.
 */
export const GITHUB_WORKFLOW_FILE = '.github/workflows/change-risk.yml';

export const GITHUB_WORKFLOW = `name: change-risk
on:
  pull_request:
    types: [opened, edited, synchronize, reopened] # edited: the description is part of the check
jobs:
  quality-bar:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v5
        with:
          fetch-depth: 0 # the whole history: risk comes from it, and the base commit must be there
      - uses: change-risk/change-risk@v1
`;
