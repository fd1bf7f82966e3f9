#!/usr/bin/env bash
# Refreshes the GraphiQL build the server embeds (server/assets/graphiql/). GraphiQL is served
# by our own server because offices and CI may have no internet: its default HTML loads from a CDN.
# Versions are pinned here; all three packages are MIT-licensed.
set -euo pipefail
GRAPHIQL=3.8.3   # the last line with a UMD build; 4.x and later ship ES modules only
REACT=18.3.1
out="$(cd "$(dirname "$0")/.." && pwd)/server/assets/graphiql"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" >/dev/null
for f in *.tgz; do mkdir "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
cp "graphiql-$GRAPHIQL/package/graphiql.min.js" "graphiql-$GRAPHIQL/package/graphiql.min.css" "$out/"
cp "react-$REACT/package/umd/react.production.min.js" "$out/"
cp "react-dom-$REACT/package/umd/react-dom.production.min.js" "$out/"
printf 'graphiql %s, react %s, react-dom %s (MIT), from the npm registry\n' "$GRAPHIQL" "$REACT" "$REACT" > "$out/VERSIONS"
