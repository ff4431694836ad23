#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there:
# the wasm target and rust-src, wasm-bindgen-cli at the Cargo.lock version, Chromium and
# ChromeDriver, and the npm packages. Safe to run on every build.
set -euo pipefail
cd "$(dirname "$0")/.."

toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)

if ! rustup target list --installed --toolchain "$toolchain" | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown --toolchain "$toolchain"
fi
if ! rustup component list --installed --toolchain "$toolchain" | grep -q '^rust-src'; then
  rustup component add rust-src --toolchain "$toolchain"
fi
if ! rustup component list --installed --toolchain "$toolchain" | grep -q '^clippy'; then
  rustup component add clippy --toolchain "$toolchain"
fi
if ! rustup component list --installed --toolchain "$toolchain" | grep -q '^rustfmt'; then
  rustup component add rustfmt --toolchain "$toolchain"
fi

# Stable builds and tests the kernels natively (make test-stable): nightly is for wasm only.
if ! rustup toolchain list | grep -q '^stable'; then
  rustup toolchain install stable --profile minimal
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (the schema is versioned).
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  # Note: --locked fails on this registry (the CLI's lockfile pins a webpki-roots release
  # the registry lacks), so fall back to resolving its dependencies afresh.
  cargo install wasm-bindgen-cli --version "$want" --locked \
    || cargo install wasm-bindgen-cli --version "$want"
fi

# Chromium for most browser tests; firefox-esr for the Firefox tests (driven by puppeteer-core).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/firefox-esr ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver firefox-esr
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
