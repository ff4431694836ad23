// The only configuration wasmpar needs from a Vite app: the two headers that make the page
// cross-origin isolated (threads mode), on the dev server and on `vite preview`.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default {
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
};
