// PNG export through resvg (no browser): fonts are found and text is drawn, the PNG decodes (signature, IHDR,
// inflated IDAT size), and the pod's name, IP and netns labels are really painted.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { svgToPng, textRenders } from '../../electron/engine/export/png';
import { snapshotSvg } from '../../electron/engine/formats';
import { before } from './fixtures/snapshot-fixtures';

/** Decodes a PNG's structure: IHDR size and the raw scanline bytes (8-bit RGBA expected from resvg). */
export function decodePng(buf: Buffer): { width: number; height: number; colorType: number; raw: Buffer } {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9];
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
    if (type === 'IEND') break;
  }
  return { width, height, colorType, raw: inflateSync(Buffer.concat(idat)) };
}

function drawnPixels(svg: string): Buffer {
  const img = decodePng(svgToPng(svg, { scale: 1 }).png);
  return img.raw;
}

describe('PNG export', () => {
  it('finds fonts: text is really drawn', () => {
    expect(textRenders()).toBe(true);
  });

  it('renders the topology to a PNG that decodes', () => {
    const svg = snapshotSvg(before);
    const out = svgToPng(svg, { scale: 2 });
    const img = decodePng(out.png);
    expect(img.width).toBe(out.width);
    expect(img.height).toBe(out.height);
    expect(img.width).toBeGreaterThan(300);
    expect(img.height).toBeGreaterThan(200);
    const bpp = img.colorType === 6 ? 4 : img.colorType === 2 ? 3 : 0;
    expect(bpp).toBeGreaterThan(0);
    expect(img.raw.length).toBe(img.height * (1 + img.width * bpp));
  });

  it("paints the pod's name, IP and netns", () => {
    const svg = snapshotSvg(before);
    const base = drawnPixels(svg);
    for (const label of ['web-sidecar', '172.17.0.2', 'net:[4026532184]']) {
      expect(svg).toContain(label);
      // Blank that label's text everywhere: if the PNG changes, the label was drawn.
      const without = svg.split(label).join(' '.repeat(label.length));
      expect(drawnPixels(without).equals(base), `${label} is not drawn`).toBe(false);
    }
  });
});
