#!/usr/bin/env bash
# Rebuilds static/vendor/plotly/plotly-dk.min.js: plotly.js core + the trace types the app's
# figures use (scatter is in core; bar, heatmap, histogram). Not part of `make`: the output is
# committed, so neither the demo nor CI needs npm. Run it when the figures start using a new
# trace type (grep the figure builders for "type" and add_*) or to move plotly.js on.
#   bash scripts/plotly/bangun.sh [VERSION]
set -euo pipefail
VERSI="${1:-4.1.1}"
SINI="$(cd "$(dirname "$0")" && pwd)"
KELUAR="$SINI/../../static/vendor/plotly/plotly-dk.min.js"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "plotly.js@$VERSI" esbuild
cp "$SINI/bundel.js" entry.js
# The map subplot's CSS is the only CSS plotly.js imports; no bundled trace uses it.
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
  --define:global=window --define:define.amd=false --target=es2016 \
  --alias:stream=stream-browserify --loader:.css=empty --legal-comments=none --outfile=out.js
{
  printf '/*! plotly.js v%s (MIT, Copyright 2012-2026 Plotly, Inc.) — partial bundle: core\n' "$VERSI"
  printf '    (scatter), bar, heatmap, histogram; built by scripts/plotly/bangun.sh */\n'
  cat out.js
} > "$KELUAR"
ls -l "$KELUAR"
