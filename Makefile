# make serve   build, then serve www/ on http://127.0.0.1:8080 with COOP/COEP
# make test    native tests, then browser tests of pkg/ in headless Chromium
# make bench   the benchmark runner (QUICK=1: under 3 minutes); writes bench/results/
# make profile KERNEL=matmul [THREADS=1]   one kernel in Chromium under perf, hottest instructions
# make model-soak   the engine protocol's model test from many random seeds
#
# Build flags live in .cargo/config.toml and rust-toolchain.toml; only -Z build-std is here
# (see the note in .cargo/config.toml).

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

# std is rebuilt for wasm (with atomics in the threads build); panic_abort as wasm cannot unwind.
WASM_BUILD := cargo build --release --target wasm32-unknown-unknown --lib -Z build-std=panic_abort,std
THREADS_WASM := target/wasm32-unknown-unknown/release/wasmpar.wasm
SINGLE_WASM := target/single/wasm32-unknown-unknown/release/wasmpar.wasm
PORT ?= 8080
# wasm-opt from npm's binaryen (Debian's binaryen 108 breaks the module's externref table),
# with the features the builds use: halves each .wasm (the name section goes, and -O3 trims
# the code). WASM_OPT= (empty) skips it; `make profile` does, as perf needs the names.
WASM_OPT ?= -O3
WASM_FEATURES := --enable-threads --enable-bulk-memory --enable-simd --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue

.PHONY: all setup build web-app serve bench profile package test lint test-types test-native test-stable test-browser model-soak clean

all: build

setup:
	@bash scripts/setup.sh

# Two builds from one crate, each twice: pkg/ is the npm package; pkg-bench/ is the same
# package with the `bench` feature's hooks (bench* exports, test kernels), which only
# www/bench and the tests load. The single build must drop the config's atomics and
# shared-memory flags: RUSTFLAGS replaces (not extends) target.<triple>.rustflags, so it
# keeps only SIMD. Its own target dir keeps both builds' caches warm; the feature sets of
# one target dir share its std.
SINGLE_FLAGS := RUSTFLAGS="-C target-feature=+simd128 -Z location-detail=none"
build: setup
	$(WASM_BUILD) --features threads
	$(SINGLE_FLAGS) $(WASM_BUILD) --target-dir target/single
	rm -rf pkg pkg-bench && mkdir -p pkg pkg-bench
	wasm-bindgen --target web --out-dir pkg/threads --out-name wasmpar $(THREADS_WASM)
	wasm-bindgen --target web --out-dir pkg/single --out-name wasmpar $(SINGLE_WASM)
	$(WASM_BUILD) --features threads,bench
	$(SINGLE_FLAGS) $(WASM_BUILD) --target-dir target/single --features bench
	wasm-bindgen --target web --out-dir pkg-bench/threads --out-name wasmpar $(THREADS_WASM)
	wasm-bindgen --target web --out-dir pkg-bench/single --out-name wasmpar $(SINGLE_WASM)
	$(if $(WASM_OPT),printf '%s\n' pkg/threads pkg/single pkg-bench/threads pkg-bench/single | xargs -P 2 -I{} node_modules/.bin/wasm-opt $(WASM_OPT) $(WASM_FEATURES) {}/wasmpar_bg.wasm -o {}/wasmpar_bg.wasm)
	cp src/js/*.js src/js/*.d.ts src/js/package.json README.md LICENSE pkg/
	mkdir -p pkg/vendor && cp node_modules/wasm-feature-detect/dist/esm/index.js pkg/vendor/wasm-feature-detect.js
	cp node_modules/wasm-feature-detect/LICENSE pkg/vendor/wasm-feature-detect.LICENSE
	cp -r pkg/*.js pkg/vendor pkg-bench/
	cargo run --quiet --release --example native_checksums > target/native-checksums.json

# The example of a Rust developer's own wasm app (examples/web-app): our kernels as a
# dependency with our wasm API off, wasm-bindgen-rayon's pool, web-sys's canvas. The
# repository's .cargo/config.toml gives it the same atomics flags.
WEB_APP_WASM := target/web-app/wasm32-unknown-unknown/release/wasmpar_web_app.wasm
web-app: setup
	$(WASM_BUILD) --manifest-path examples/web-app/Cargo.toml --target-dir target/web-app
	wasm-bindgen --target web --out-dir target/web-app/pkg $(WEB_APP_WASM)

serve: build
	node scripts/serve.mjs --port $(PORT)

# make package: pkg/ as an npm tarball (pkg/wasmpar-<version>.tgz).
package: build
	cd pkg && npm pack --silent

# make bench: every scenario, native baseline included; QUICK=1 for smaller sizes.
bench: build web-app
	node bench/run.mjs --size $(if $(QUICK),quick,full) --browser $(or $(BROWSER),chromium)

# make profile KERNEL=<kernel> [THREADS=n]: needs Linux perf (Debian: linux-perf).
profile: WASM_OPT :=
profile: build
	node bench/profile.mjs $(KERNEL) --threads $(or $(THREADS),1)

test: build web-app lint test-types test-native test-stable test-browser

# The TypeScript declarations against a typed consumer.
test-types:
	npx tsc -p tests/types/tsconfig.json

# Biome (biome.json: its recommended rules) lints the JavaScript and HTML; rustfmt
# (rustfmt.toml) checks the layout of both crates; clippy denies undocumented unsafe blocks (Cargo.toml [lints]) and every warning (a public
# item without a doc comment among them, src/lib.rs), natively and for the threads build;
# rustdoc denies broken doc links.
lint:
	node_modules/.bin/biome lint
	cargo fmt --check
	cargo fmt --check --manifest-path examples/web-app/Cargo.toml
	cargo clippy --release --all-targets --features bench -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
	cargo clippy --release --target wasm32-unknown-unknown --lib --features threads -Z build-std=panic_abort,std -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib --features threads,bench -Z build-std=panic_abort,std -- -D warnings

test-native:
	cargo test --release --features bench

# The kernels natively on stable Rust, as a server would use them, and the batch example on
# a few small generated images.
test-stable:
	cargo +stable test --release --features bench --target-dir target/stable
	cargo +stable run --release --target-dir target/stable --example native_batch -- --generate 6 --size 160x120 --max 48 --out target/batch/test-out

test-browser:
	node --test --test-concurrency=1 tests/browser/ tests/bench/ tests/package/ tests/vite/ tests/node/ tests/web-app/

# make model-soak [RUNS=20] [STEPS=5000]: the protocol model from random seeds (printed), by hand.
model-soak: build
	MODEL_RUNS=$(or $(RUNS),20) MODEL_STEPS=$(or $(STEPS),5000) node --test --test-concurrency=1 tests/browser/model.test.mjs tests/node/model.test.mjs

clean:
	rm -rf pkg pkg-bench target
