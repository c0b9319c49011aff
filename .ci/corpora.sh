#!/usr/bin/env bash
# Facts about the real note collections in ../shared/corpora, each verified by reading the
# files by hand. Usage: .ci/corpora.sh PATH/TO/trail
set -euo pipefail
trail=$(realpath "$1")
corpora=$(realpath "$(dirname "$0")/../../shared/corpora")
fail=0
pass=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

for c in dwarves-brain dendron-site logseq-docs foam-docs zk-docs; do
  v="$corpora/$c"
  if stats=$("$trail" stats --json --vault "$v"); then
    ok "$c loads: $(echo "$stats" | json_field notes) notes, $(echo "$stats" | json_field links) links, $(echo "$stats" | json_field load_ms) ms"
  else
    bad "$c: stats failed"
    continue
  fi
  set +e
  "$trail" check --vault "$v" >/dev/null 2>&1
  code=$?
  set -e
  if [ "$code" -le 1 ]; then ok "$c check exits $code"; else bad "$c check exited $code"; fi
done

# zk-docs links only with [text](file.md); every one of them resolves.
zk=$("$trail" stats --json --vault "$corpora/zk-docs")
if [ "$(echo "$zk" | json_field broken)" = 0 ] && [ "$(echo "$zk" | json_field ambiguous)" = 0 ] \
  && "$trail" check --vault "$corpora/zk-docs" >/dev/null; then
  ok "zk-docs: every relative markdown link resolves"
else
  bad "zk-docs: some markdown link does not resolve"
fi

# foam-docs: exactly the four broken links found by hand: one climbs out of the vault, one
# names a file that is not there, two name headings the note does not have.
expected='dev/contribution-guide.md:3: link leaves the vault: ../../CONTRIBUTING.md
dev/design/static-site-publishing-research.md:11: no note at ../../user/publishing/publishing.md
user/recipes/generate-material-for-mkdocs-site.md:35: no such heading or block: #further-customise-material-for-mkdocs
user/recipes/generate-material-for-mkdocs-site.md:39: no such heading or block: #publish-your-site'
got=$("$trail" check --vault "$corpora/foam-docs" 2>/dev/null || true)
if [ "$got" = "$expected" ]; then ok "foam-docs: exactly the four broken links"; else bad "foam-docs check said:"$'\n'"$got"; fi

# logseq-docs: `alias:: term/embedded page` on pages/page_embed.md makes Glossary's link resolve.
if "$trail" links pages/Glossary.md --vault "$corpora/logseq-docs" | grep -qP '\tresolved\tterm/embedded page\tpages/page_embed.md$'; then
  ok "logseq-docs: an alias:: resolves to its page"
else
  bad "logseq-docs: [[term/embedded page]] does not resolve to pages/page_embed.md"
fi

# dendron-site: label-first links with the dendron:// prefix reach their note.
if "$trail" backlinks vault/community.discord.roles.md --vault "$corpora/dendron-site" | grep -q '^vault/changelog.past-versions.0-1-x.md:'; then
  ok "dendron-site: [[label|dendron://vault/note]] resolves"
else
  bad "dendron-site: label-first dendron:// link not resolved"
fi

# dwarves-brain: the README's relative link to ../CONTRIBUTING.md leaves the vault.
dwarves=$("$trail" check --vault "$corpora/dwarves-brain" 2>/dev/null || true)
if grep -qx 'README.md:33: link leaves the vault: ../CONTRIBUTING.md' <<<"$dwarves"; then
  ok "dwarves-brain: a link out of the vault is reported, not followed"
else
  bad "dwarves-brain: README.md:33 not reported"
fi

# Reading as the vaults' own tools do (docs/links.md), each fact checked by reading the file.
# dwarves-brain: `[[1]](#1)` on line 99 of Database Locking is a citation whose target is
# the page's own `<a id="1">` (line 202), not a note named 1.
if "$trail" links "01_literature/Engineering/Backend/Database Locking.md" --vault "$corpora/dwarves-brain" \
  | grep -qP '^99\tresolved\t#1\t01_literature/Engineering/Backend/Database Locking.md$'; then
  ok "dwarves-brain: a [[1]](#1) citation reaches its HTML anchor"
else
  bad "dwarves-brain: the [[1]](#1) citation on Database Locking.md:99 is not a link to #1"
fi
# dwarves-brain: `[[Vector Database|...]]` has no file of that name; `_radar/vector-database.md`
# only has that title, and links never resolve through titles: a topic.
if "$trail" links "01_literature/Engineering/AI/Working with langchain document loaders.md" --vault "$corpora/dwarves-brain" \
  | grep -qP '^14\ttopic\tVector Database\t'; then
  ok "dwarves-brain: a link never resolves through a title"
else
  bad "dwarves-brain: [[Vector Database]] resolved through a title"
fi
# dendron-site: `[[quickstart|dendron.tutorial.recap]]` is label first: its target is the
# note after the pipe (absent from this copy), not some note titled quickstart.
if "$trail" links vault/changelog.release.2020-08-02.md --json --vault "$corpora/dendron-site" \
  | python3 -c 'import json,sys; l=[l for l in json.load(sys.stdin) if l["line"]==42][0]; sys.exit(0 if (l["target"],l["label"])==("dendron.tutorial.recap","quickstart") else 1)'; then
  ok "dendron-site: a labelled wikilink is read label first"
else
  bad "dendron-site: changelog.release.2020-08-02.md:42 not read label first"
fi
# logseq-docs: testimonials.md ends with an email autolink, which is external.
if "$trail" links pages/testimonials.md --vault "$corpora/logseq-docs" | grep -qP '\texternal\tmailto:tienson@logseq.com\t'; then
  ok "logseq-docs: an email autolink is external"
else
  bad "logseq-docs: <tienson@logseq.com> is not an external link"
fi
# logseq-docs: pages are named as Logseq names them: `A___B.md` is `A/B`, and a `title::`
# quoted inside a block is not the page's own title.
names=$("$trail" list --vault "$corpora/logseq-docs" | cut -f1,2)
if grep -qxP 'pages/Whiteboard___Action Bar.md\tWhiteboard/Action Bar' <<<"$names" \
  && grep -qxP 'pages/Filename format.md\tFilename format' <<<"$names"; then
  ok "logseq-docs: pages are named as Logseq names them"
else
  bad "logseq-docs: page names differ from Logseq's"
fi

# Every line `check --strict` names exists in its file (a repaired run-on line keeps its number).
for c in dwarves-brain dendron-site logseq-docs foam-docs zk-docs; do
  over=$({ "$trail" check --strict --vault "$corpora/$c" 2>/dev/null || true; } | python3 -c '
import sys
root = sys.argv[1]
bad = 0
for line in sys.stdin:
    path, _, rest = line.partition(":")
    num = rest.partition(":")[0]
    if not num.isdigit():
        continue
    with open(f"{root}/{path}", "rb") as f:
        lines = f.read().count(b"\n") + 1
    bad += int(num) > lines
print(bad)' "$corpora/$c")
  if [ "$over" = 0 ]; then ok "$c: every line named by check exists"; else bad "$c: $over messages name a line past the end of their file"; fi
done

# Search: for plain words, trail finds exactly the files ripgrep finds (among those it loads).
search_equals_rg() {
  local c=$1 word=$2 v="$corpora/$1"
  local diff
  diff=$(cd "$v" && python3 - "$trail" "$word" <<'PY'
import json, subprocess, sys
trail, word = sys.argv[1], sys.argv[2]
loaded = {l.split("\t")[0] for l in subprocess.run([trail, "list", "--vault", "."], capture_output=True, text=True, check=True).stdout.splitlines()}
have = {h["path"] for h in json.loads(subprocess.run([trail, "search", "--vault", ".", "--json", "--", word], capture_output=True, text=True, check=True).stdout)}
rg = subprocess.run(["rg", "-i", "-l", "-a", "-F", "--glob", "*.md", "--glob", "*.markdown", "--", word, "."], capture_output=True, text=True)
want = {l.removeprefix("./") for l in rg.stdout.splitlines()} & loaded
if have != want:
    print(f"only trail: {sorted(have - want)[:5]} only rg: {sorted(want - have)[:5]}")
else:
    print(f"ok {len(have)}")
PY
)
  case "$diff" in
    ok*) ok "$c: search '$word' finds the same ${diff#ok } files as rg" ;;
    *) bad "$c: search '$word': $diff" ;;
  esac
}
for c in dwarves-brain dendron-site logseq-docs foam-docs zk-docs; do
  for word in the note link tag café "[[" "::" http; do
    search_equals_rg "$c" "$word"
  done
done

# A generated hostile vault (../shared/tools/genvault.py --nasty): every command ends with
# 0, 1 or 2, prints no control character, and the vault is byte-for-byte unchanged.
nasty=$(mktemp -d)
python3 "$(dirname "$0")/../../shared/tools/genvault.py" "$nasty/v" --notes 300 --seed 7 --nasty >/dev/null
fingerprint() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . -printf '%p %T@ %y\n' | sort) | sha256sum; }
before=$(fingerprint "$nasty/v")
nasty_ok=1
for args in "list" "list --json" "show Escapes" "links Escapes" "backlinks Leadership" "topics" "tags" "check --strict" "stats --json" "graph" "search red" "search /\\x1b/" "show Brackets" "show Traversal"; do
  # shellcheck disable=SC2086
  if timeout 120 "$trail" $args --vault "$nasty/v" >"$nasty/out" 2>"$nasty/err"; then code=0; else code=$?; fi
  if [ "$code" -gt 2 ]; then bad "nasty: trail $args ended with $code"; nasty_ok=0; fi
  if python3 -c 'import sys,unicodedata
bad=[c for f in sys.argv[1:] for c in open(f,encoding="utf-8",errors="replace").read() if (ord(c)<32 and c not in "\n\t") or 0x7f<=ord(c)<=0x9f or 0x202a<=ord(c)<=0x202e or 0x2066<=ord(c)<=0x2069]
sys.exit(1 if bad else 0)' "$nasty/out" "$nasty/err"; then :; else bad "nasty: trail $args printed a control character"; nasty_ok=0; fi
done
[ "$nasty_ok" = 1 ] && ok "nasty vault: 14 commands, no crash, no control character out"
if [ "$before" = "$(fingerprint "$nasty/v")" ]; then ok "nasty vault unchanged"; else bad "nasty vault changed"; fi
rm -rf "$nasty"

echo "corpora: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
