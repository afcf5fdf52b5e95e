/** C1's limit on a trust's CEL condition, in UTF-8 bytes. */
export const CEL_MAX_BYTES = 1024;

export function celByteLength(expression: string): number {
  return Buffer.byteLength(expression, 'utf8');
}
