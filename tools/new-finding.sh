#!/usr/bin/env bash
# Adds the parts of a new finding kind that follow a pattern, so that only its words and its
# matching are left to write:
#
#   tools/new-finding.sh CODE FAMILY SEVERITY [MATCH]
#
#   CODE      the kind's stable code, kebab-case; a ccc, graph or o365 kind starts with its family
#   FAMILY    message-keys  a USS message key (MATCH: the key, as das.clusterDraining)
#             ccc           a Calendar Cloud Connector errorCode (MATCH: the code, a number)
#             o365          a "Received error '<X>' from O365" service error (MATCH: X)
#             graph         a Microsoft Graph error envelope (MATCH: its error code)
#   SEVERITY  error | warning
#
# It writes, next to the family's last kind:
#   - the title, explanation and two steps in extension/_locales/{en,ja}/messages.json;
#   - the rule in src/diagnose/kinds/message_keys.rs or ccc.rs (for o365 and graph, whose
#     matching is code, it prints what to add to the family file instead);
#   - a fixture named for the kind (tests/fixtures/<source>/…), which tests/finding_kinds.rs
#     finds by its name and requires to give the kind;
#   - the kind's row in README.md's finding catalogue.
# Every text it writes says TODO, and `cargo test` fails until each is replaced by real words
# (tests/finding_kinds.rs); the fixture should then hold the server's real text.
set -euo pipefail

cd "$(dirname "$0")/.."

usage() {
  sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
fail() {
  echo "new-finding: $*" >&2
  exit 2
}

[[ $# -eq 3 || $# -eq 4 ]] || usage
code=$1 family=$2 severity=$3 match=${4:-}
[[ $code =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]] || fail "code \`$code\` is not kebab-case"
[[ $severity == error || $severity == warning ]] || fail "severity \`$severity\` is not error or warning"
grep -rqF "\"$code\"" src/diagnose/kinds && fail "a kind \`$code\` exists already"

snake=${code//-/_}
upper=${snake^^}
severity_variant=${severity^}

case $family in
  message-keys)
    [[ -n $match ]] || fail "message-keys: give the message key (as das.clusterDraining)"
    family_file=src/diagnose/kinds/message_keys.rs
    anchor=$(grep -o 'rule!("[a-z0-9-]*"' "$family_file" | tail -1 | cut -d'"' -f2)
    fixture=tests/fixtures/uss/status-$code.json
    ;;
  ccc)
    [[ $code == ccc-* ]] || fail "a ccc kind's code starts with ccc-"
    [[ $match =~ ^[0-9]+$ ]] || fail "ccc: give the connector's errorCode (a number)"
    family_file=src/diagnose/kinds/ccc.rs
    # The last kind of RULES: SERVICE_ERROR, the fallback, comes after the table.
    anchor=$(sed -n '/^pub static RULES/,/^];/p' "$family_file" | grep -o 'code: "[a-z0-9-]*"' | tail -1 | cut -d'"' -f2)
    fixture=tests/fixtures/ccc/${code#ccc-}.json
    ;;
  o365)
    [[ $code == o365-* ]] || fail "an o365 kind's code starts with o365-"
    [[ -n $match ]] || fail "o365: give the service error (X of \"Received error 'X' from O365\")"
    family_file=src/diagnose/kinds/o365.rs
    anchor=o365-error
    fixture=tests/fixtures/uss/status-$code.json
    ;;
  graph)
    [[ $code == graph-* ]] || fail "a graph kind's code starts with graph-"
    [[ -n $match ]] || fail "graph: give the Graph error code"
    family_file=src/diagnose/kinds/graph.rs
    anchor=graph-error
    fixture=tests/fixtures/graph/${code#graph-}.json
    ;;
  *) fail "family \`$family\` is not message-keys, ccc, o365 or graph" ;;
esac
[[ -n $anchor ]] || fail "no kind found in $family_file to add $code after"
[[ -e $fixture ]] && fail "$fixture exists already"

# ---------------------------------------------------------------- strings, both locales
node - "$snake" "${anchor//-/_}" <<'JS'
const fs = require('node:fs');
const [snake, anchor] = process.argv.slice(2);
const texts = {
  en: { title: 'TODO title', explanation: 'TODO what the server said and what it means', step1: 'TODO first fix step', step2: 'TODO how to confirm it worked' },
  ja: { title: 'TODO タイトル', explanation: 'TODO サーバーの言葉とその意味', step1: 'TODO 最初の対処', step2: 'TODO 直ったことの確かめ方' },
};
for (const [lang, words] of Object.entries(texts)) {
  const file = `extension/_locales/${lang}/messages.json`;
  const messages = JSON.parse(fs.readFileSync(file, 'utf8'));
  const keys = Object.keys(messages);
  const after = keys.filter((key) => key.startsWith(`${anchor}_`)).pop() ?? keys[keys.length - 1];
  const out = {};
  for (const key of keys) {
    out[key] = messages[key];
    if (key !== after) continue;
    for (const [part, message] of Object.entries(words)) out[`${snake}_${part}`] = { message: `${message} (${snake})` };
  }
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}
JS

# ---------------------------------------------------------------- the rule
kind_static="pub static ${upper#"${family^^}_"}: FindingKind = FindingKind {
    code: \"$code\",
    severity: Severity::$severity_variant,
    title: ${upper}_TITLE,
    explanation: ${upper}_EXPLANATION,
    steps: &[${upper}_STEP1, ${upper}_STEP2],
    checks: &[],
    diagnose: None,
};"

# Inserts stdin's lines before the `];` that closes `pub static RULES` in the family file.
insert_rule() {
  local rule
  rule=$(cat)
  RULE=$rule awk '
    /^pub static RULES/ { in_rules = 1 }
    in_rules && /^];/ { print ENVIRON["RULE"]; in_rules = 0 }
    { print }
  ' "$family_file" > "$family_file.new"
  mv "$family_file.new" "$family_file"
}

case $family in
  message-keys)
    insert_rule <<EOF
    rule!("$code", $severity_variant, ${upper}_TITLE, ${upper}_EXPLANATION,
        [${upper}_STEP1, ${upper}_STEP2], [],
        keys: ["$match"], phrases: []),
EOF
    ;;
  ccc)
    insert_rule <<EOF
    CccRule {
        kind: FindingKind {
            code: "$code",
            severity: Severity::$severity_variant,
            title: ${upper}_TITLE,
            explanation: ${upper}_EXPLANATION,
            steps: &[${upper}_STEP1, ${upper}_STEP2],
            checks: SETTINGS,
            diagnose: None,
        },
        error_codes: &[$match],
    },
EOF
    ;;
  o365)
    cat <<EOF
Add to $family_file:

$kind_static

  its arm in classify(), before the catch-all:  "$(echo "$match" | tr '[:upper:]' '[:lower:]' | tr -d ' _')" => &${upper#O365_},
  and the kind to KINDS.
EOF
    ;;
  graph)
    cat <<EOF
Add to $family_file:

$kind_static

  its arm in kind_of(), before the status arms:  (_, "$match") => &${upper#GRAPH_},
  and the kind to KINDS.
EOF
    ;;
esac

# ---------------------------------------------------------------- the fixture
mkdir -p "$(dirname "$fixture")"
uss_status() { # $1: the status's owner (uss: Expressway, ccc: the cloud), $2: the message's JSON fields
  cat <<EOF
{
  "userStatuses": [
    {
      "userId": "5f1e2d3c-4b5a-4968-8776-655443322110",
      "orgId": "1eb65fdf-9643-417f-9974-ad72cae0e10f",
      "serviceId": "squared-fusion-cal",
      "entitled": true,
      "state": "error",
      "lastStateChange": "2026-11-27T01:24:00.000Z",
      "lastStatusUpdate": "2026-11-27T01:30:12.345Z",
      "owner": "$1",
      "messages": [
        {
          "severity": "$severity",
$2
        }
      ]
    }
  ],
  "paging": {
    "count": 1,
    "limit": 100,
    "pages": 1
  }
}
EOF
}
case $family in
  message-keys)
    # Message keys are the Expressway connector's and das's: a cloud owner changes what some mean.
    uss_status uss "          \"description\": \"TODO the server's text for $match\",
          \"key\": \"$match\"" > "$fixture"
    ;;
  o365)
    uss_status ccc "          \"description\": \"Received error '$match' from O365. Admin action is required.\"" > "$fixture"
    ;;
  ccc)
    printf '{\n  "provisioned": true,\n  "status": "error",\n  "errorCode": %s\n}\n' "$match" > "$fixture"
    ;;
  graph)
    printf '{\n  "error": {\n    "code": "%s",\n    "message": "TODO the error'"'"'s message",\n    "innerError": {\n      "date": "2026-11-27T02:00:00",\n      "request-id": "0b5f6a9e-1234-4d3c-8e7f-aa11bb22cc33"\n    }\n  }\n}\n' "$match" > "$fixture"
    ;;
esac

# ---------------------------------------------------------------- the catalogue row
row="| \`$code\` | $severity | TODO what the server says and what it means. | TODO the fix. |"
ROW=$row ANCHOR="| \`$anchor\` |" awk '
  { print }
  index($0, ENVIRON["ANCHOR"]) == 1 { print ENVIRON["ROW"] }
' README.md > README.md.new
mv README.md.new README.md

cat <<EOF

Added $code ($family, $severity):
  extension/_locales/en/messages.json, extension/_locales/ja/messages.json  ${snake}_{title,explanation,step1,step2}
  $([[ $family == message-keys || $family == ccc ]] && echo "$family_file  its rule" || echo "$family_file  (to add by hand, above)")
  $fixture
  README.md  its catalogue row
Replace every TODO (the texts, the fixture's server text, the row), add or drop steps and checks
as the fix needs, then run: cargo test --test finding_kinds
EOF
