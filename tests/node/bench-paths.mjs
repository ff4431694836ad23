// A module-resolution hook for the Node tests: the browser fixture's case runner imports
// '/bench/checksum.js' (a server path); on Node that is www/bench/checksum.js.
import { register } from 'node:module';

register(`data:text/javascript,${encodeURIComponent(`
  const bench = ${JSON.stringify(new URL('../../www/bench/', import.meta.url).href)};
  export async function resolve(specifier, context, next) {
    return next(specifier.startsWith('/bench/') ? bench + specifier.slice(7) : specifier, context);
  }
`)}`);
