// Static server for the page and the tests. sirv does the file serving (path
// normalisation, MIME types including application/wasm, ranges); this file only adds the
// headers threads need and mounts folders under URL prefixes.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--no-isolation]
//
// Binds 127.0.0.1 unless told otherwise; serves only the mounted folders (sirv resolves
// every path inside its root, so `..` and encoded traversal cannot leave it).

import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Headers that make a page cross-origin isolated (so SharedArrayBuffer exists). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * A strict policy for our own pages: scripts only from this origin, plus compiling wasm
 * ('wasm-unsafe-eval'); no inline script, no eval, no blob: workers.
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

/**
 * The benchmark's peer libraries run in their own workers, whose policy (a worker's comes
 * with its script) allows what they need and ours never does: eval, for the Emscripten
 * bindings of OpenCV.js and wasm-vips, and blob: modules, for photon's bundler-only glue.
 * Everything else, our page and our module included, gets STRICT_CSP.
 */
export const PEER_CSP = STRICT_CSP.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob:");
export const devCsp = (url) => (url.startsWith('/bench/peers/') || url.startsWith('/vendor/') && !url.startsWith('/vendor/chart.js/') ? PEER_CSP : STRICT_CSP);

/**
 * What `make serve` serves: the page, the built package, Chart.js for the benchmarks, the
 * recorded benchmark results, and the peer libraries the benchmarks compare us with (development dependencies only).
 */
export const DEV_MOUNTS = {
  '/': 'www',
  '/pkg/': 'pkg',
  '/pkg-bench/': 'pkg-bench',
  '/vendor/chart.js/': 'node_modules/chart.js/dist',
  '/results/': 'bench/results',
  '/vendor/wasm-vips/': 'node_modules/wasm-vips/lib',
  '/vendor/opencv-js/': 'node_modules/@techstark/opencv-js/dist',
  '/vendor/photon/': 'node_modules/@silvia-odwyer/photon',
  '/vendor/stackblur-canvas/': 'node_modules/stackblur-canvas/dist',
};

/**
 * Serves `mounts` ({ '/prefix/': 'folder relative to the repo' }), longest prefix first.
 * Resolves to { server, url, close() } once listening.
 */
export function startServer({ mounts, port = 8080, host = '127.0.0.1', isolated = true, csp = null }) {
  const handlers = Object.entries(mounts)
    .sort(([a], [b]) => b.length - a.length)
    .map(([prefix, dir]) => [
      prefix,
      sirv(path.resolve(ROOT, dir), {
        dev: true, // no caching: a rebuild is seen on reload
        dotfiles: false,
        setHeaders(res, pathname) {
          res.setHeader('X-Content-Type-Options', 'nosniff');
          const policy = typeof csp === 'function' ? csp(prefix + pathname.replace(/^\//, '')) : csp;
          if (policy) res.setHeader('Content-Security-Policy', policy);
          if (isolated) for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
        },
      }),
    ]);
  const server = http.createServer((req, res) => {
    const notFound = () => {
      res.statusCode = 404;
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.end('not found');
    };
    const match = handlers.find(([prefix]) => req.url.startsWith(prefix));
    if (!match) return notFound();
    const [prefix, handler] = match;
    req.url = `/${req.url.slice(prefix.length)}`;
    handler(req, res, notFound);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const { url } = await startServer({
    mounts: DEV_MOUNTS,
    port: Number(option('--port', 8080)),
    host: option('--host', '127.0.0.1'),
    isolated: !args.includes('--no-isolation'),
    csp: devCsp,
  });
  console.log(`wasmpar: serving www/ at ${url}/ (pkg/ at ${url}/pkg/)`);
}
