#!/usr/bin/env bash
# Clones the development corpora (bench/corpora/corpora.txt) with their full history, for
# bench/corpora/evaluate.mjs. The histories live outside the repository and are never committed.
#
#   bash bench/corpora/fetch.sh                  # every corpus
#   bash bench/corpora/fetch.sh solidus lobsters # only these
#   bash bench/corpora/fetch.sh --update         # also fetch new commits into corpora already present
#   bash bench/corpora/fetch.sh --patch-missing  # stand in placeholders for blobs the source lacks
#
# Destination: ${CHANGE_RISK_CORPORA:-$HOME/.cache/change-risk-corpora}/<name>.
# Source: $CHANGE_RISK_CORPUS_MIRROR/<owner>+<name>/repo when that directory exists (a local bare
# mirror), else https://github.com/<owner>/<name>.git.
# Exit codes: 0 all done, 1 at least one corpus failed, 2 usage error.
#
# A mirror may lack some blobs (large files): git log -M, and so change-risk, then fails on the
# history. --patch-missing stands in a small placeholder blob for each missing one, through a
# replace ref (refs/replace/<missing blob>), so the history reads again; the files involved get
# the placeholder's size and content. evaluate.mjs reports the corpora that have placeholders.
# Undo: git -C <corpus> for-each-ref --format='delete %(refname)' refs/replace | git -C <corpus> update-ref --stdin
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="$here/corpora.txt"
dest_root="${CHANGE_RISK_CORPORA:-$HOME/.cache/change-risk-corpora}"
mirror_root="${CHANGE_RISK_CORPUS_MIRROR:-}"

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

update=0
patch=0
wanted=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --update) update=1 ;;
    --patch-missing) patch=1 ;;
    -*) echo "fetch.sh: unknown option $arg" >&2; usage >&2; exit 2 ;;
    *) wanted+=("$arg") ;;
  esac
done

command -v git >/dev/null || { echo "fetch.sh: git is not installed" >&2; exit 1; }

# owner/name lines, comments and blank lines left out.
corpora=()
while IFS= read -r line; do
  line="${line%%#*}"
  line="${line//[[:space:]]/}"
  [[ -n "$line" ]] && corpora+=("$line")
done <"$list"

# Names given on the command line: the corpus name (solidus) or owner/name (solidusio/solidus).
selected=()
if ((${#wanted[@]} == 0)); then
  selected=("${corpora[@]}")
else
  for name in "${wanted[@]}"; do
    match=""
    for corpus in "${corpora[@]}"; do
      if [[ "$name" == "$corpus" || "$name" == "${corpus#*/}" ]]; then match="$corpus"; fi
    done
    if [[ -z "$match" ]]; then
      echo "fetch.sh: '$name' is not a development corpus; known: $(printf '%s ' "${corpora[@]##*/}")" >&2
      exit 2
    fi
    selected+=("$match")
  done
fi

mkdir -p "$dest_root"
partial=""
trap '[[ -n "$partial" && -d "$partial" ]] && rm -rf "$partial"' EXIT

# Checks that the history has every object (an incomplete mirror lacks some: git log -M then
# fails on them); with --patch-missing, stands in placeholders for missing blobs.
check_complete() {
  local dir="$1" missing line oid placeholder blobs=() others=0 patched=0 unpatched=0
  missing="$(git -C "$dir" --no-replace-objects rev-list --objects --all --missing=print | grep -c '^?' || true)"
  [[ "$missing" == "0" ]] && return 0
  while IFS= read -r line; do
    case "$line" in
      "missing blob "*) blobs+=("${line#missing blob }") ;;
      missing\ *) others=$((others + 1)) ;;
    esac
  done < <(git -C "$dir" --no-replace-objects fsck --connectivity-only --no-dangling 2>&1 || true)
  for oid in "${blobs[@]}"; do
    if git -C "$dir" show-ref --verify --quiet "refs/replace/$oid"; then
      patched=$((patched + 1))
    elif ((patch)); then
      placeholder="$(printf 'change-risk corpus placeholder: blob %s is missing from the source of this clone\n' "$oid" | git -C "$dir" hash-object -w --stdin)" || return 1
      git -C "$dir" update-ref "refs/replace/$oid" "$placeholder" || return 1
      patched=$((patched + 1))
    else
      unpatched=$((unpatched + 1))
    fi
  done
  if ((patched > 0)); then
    echo "  note: $patched missing blobs stand in as placeholders (refs/replace/*); the files involved are not measured as they were" >&2
  fi
  if ((unpatched > 0)); then
    echo "  warning: $unpatched blobs are missing from this history (incomplete source): change-risk will fail to read it; run with --patch-missing to stand in placeholders" >&2
  fi
  if ((others > 0)); then
    echo "  warning: $others trees or commits are missing from this history: clone it again from a complete source" >&2
  fi
  return 0
}

describe() {
  local dir="$1"
  echo "  $(git -C "$dir" rev-list --count HEAD) commits, HEAD $(git -C "$dir" rev-parse --short HEAD), last commit $(git -C "$dir" log -1 --format=%cI)"
}

# Returns 1 on failure; every git call is checked explicitly because set -e does not apply in
# a function called from a condition.
fetch_one() {
  local corpus="$1" owner="${1%%/*}" name="${1#*/}"
  local dir="$dest_root/$name" source
  if [[ -n "$mirror_root" && -d "$mirror_root/$owner+$name/repo" ]]; then
    source="$mirror_root/$owner+$name/repo"
  else
    source="https://github.com/$owner/$name.git"
  fi

  if [[ -e "$dir" ]]; then
    if ! git -C "$dir" rev-parse --is-inside-work-tree >/dev/null 2>&1 || [[ "$(git -C "$dir" rev-parse --show-toplevel)" != "$(cd "$dir" && pwd -P)" ]]; then
      echo "$name: $dir exists but is not a git clone; move it away and run again" >&2
      return 1
    fi
    local shallow
    shallow="$(git -C "$dir" rev-parse --is-shallow-repository)"
    if ((update)); then
      echo "$name: updating from $(git -C "$dir" remote get-url origin)"
      if [[ "$shallow" == "true" ]]; then
        git -C "$dir" fetch --quiet --unshallow origin || return 1
      else
        git -C "$dir" fetch --quiet origin || return 1
      fi
      git -C "$dir" merge --quiet --ff-only '@{upstream}' || { echo "$name: cannot fast-forward $dir (local changes?)" >&2; return 1; }
    else
      echo "$name: already present in $dir, skipped (--update fetches new commits)"
      if [[ "$shallow" == "true" ]]; then
        echo "  warning: $dir is a shallow clone; run with --update to fetch the full history" >&2
      fi
    fi
    describe "$dir" || return 1
    check_complete "$dir" || return 1
    return 0
  fi

  echo "$name: cloning $corpus from $source into $dir"
  partial="$dir.partial.$$"
  rm -rf "$partial"
  git clone --quiet "$source" "$partial" || { echo "$name: git clone $source failed" >&2; rm -rf "$partial"; partial=""; return 1; }
  mv "$partial" "$dir" || return 1
  partial=""
  describe "$dir" || return 1
  check_complete "$dir" || return 1
}

failed=()
for corpus in "${selected[@]}"; do
  if ! fetch_one "$corpus"; then failed+=("${corpus#*/}"); fi
done

if ((${#failed[@]} > 0)); then
  echo "fetch.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fetch.sh: ${#selected[@]} corpora ready in $dest_root"
