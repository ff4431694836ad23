#!/bin/bash
# Chromium under `perf record`, with V8 writing a jitdump of its compiled code (wasm included)
# so `perf inject --jit` can name and disassemble it. Used by bench/profile.mjs, which sets
# PERF_DIR (where perf.data and the jit-*.dump files go) and passes this as the browser.
set -euo pipefail
cd "${PERF_DIR:?PERF_DIR must name a directory}"
exec perf record -e cpu-clock -F "${PERF_FREQ:-10000}" -k 1 -o "$PERF_DIR/perf.data" -- \
  /usr/lib/chromium/chromium --js-flags=--perf-prof "$@"
