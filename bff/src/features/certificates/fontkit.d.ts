// fontkit 2 ships no types; only what pdf.ts touches.
declare module 'fontkit' {
  export interface Font {
    createSubset(): unknown
  }
  export function create(buffer: Buffer): Font
}
