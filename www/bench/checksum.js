// Checksums that let every variant of a measurement prove it computed the same answer.

/** 32-bit FNV-1a over the bytes of a typed array (or ArrayBuffer view), as 'fnv:xxxxxxxx'. */
export function checksumBytes(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return `fnv:${h.toString(16).padStart(8, '0')}`;
}

/** A number's checksum: its shortest round-trip decimal (the same in JS and Rust). */
export const checksumNumber = (v) => String(v);
