// How an error message names a wrong argument: its class, or its type.

/** `'null'`, an object's class name (`'Float32Array'`), or `typeof` (`'number'`). */
export function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor?.name ?? 'object';
  return typeof v;
}
