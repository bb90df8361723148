/**
 * Test helpers for the SVG render check: rasterize with `rsvg-convert` (Debian package
 * `librsvg2-bin`) and decode the PNG it writes (8-bit RGB/RGBA, not interlaced) with node's
 * zlib, so that tests can look at pixels without a dependency.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as zlib from 'zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A decoded PNG: RGBA, row by row. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes. */
  readonly rgba: Buffer;
}

/** Whether `rsvg-convert` is on the PATH. */
export function hasRsvgConvert(): boolean {
  return spawnSync('rsvg-convert', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Rasterizes an SVG file to a PNG file at its own size (96 dpi). */
export function svgToPng(svgFile: string, pngFile: string): void {
  execFileSync('rsvg-convert', ['--format=png', `--output=${pngFile}`, svgFile], { stdio: 'pipe' });
}

/** Decodes a PNG; throws on anything that is not a well-formed 8-bit RGB(A) PNG. */
export function decodePng(data: Buffer): DecodedPng {
  if (!data.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    const crc = data.readUInt32BE(offset + 8 + length);
    if (crc !== zlib.crc32(data.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in chunk ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      colorType = body[9];
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || body[12] !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, color type ${colorType}, interlace ${body[12]}`);
      }
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!ended || width === 0 || idat.length === 0) throw new Error('truncated PNG');
  const channels = colorType === 6 ? 4 : 3;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data has ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[y * stride + i - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
      let value = line[i];
      switch (filter) {
        case 0: break;
        case 1: value += a; break;
        case 2: value += b; break;
        case 3: value += Math.floor((a + b) / 2); break;
        case 4: value += paeth(a, b, c); break;
        default: throw new Error(`bad filter ${filter} on row ${y}`);
      }
      pixels[y * stride + i] = value % 256;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    rgba[p * 4] = pixels[p * channels];
    rgba[p * 4 + 1] = pixels[p * channels + 1];
    rgba[p * 4 + 2] = pixels[p * channels + 2];
    rgba[p * 4 + 3] = channels === 4 ? pixels[p * channels + 3] : 255;
  }
  return { width, height, rgba };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Pixels whose colour is within `tolerance` (per channel) of `#rrggbb`, fully opaque. */
export function countColor(png: DecodedPng, hex: string, tolerance = 24): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let p = 0; p < png.width * png.height; p++) {
    const o = p * 4;
    if (png.rgba[o + 3] === 255 && Math.abs(png.rgba[o] - r) <= tolerance
      && Math.abs(png.rgba[o + 1] - g) <= tolerance && Math.abs(png.rgba[o + 2] - b) <= tolerance) count++;
  }
  return count;
}

/** Pixels that are neither white nor transparent. */
export function countInk(png: DecodedPng): number {
  let count = 0;
  for (let p = 0; p < png.width * png.height; p++) {
    const o = p * 4;
    if (png.rgba[o + 3] > 0 && (png.rgba[o] < 250 || png.rgba[o + 1] < 250 || png.rgba[o + 2] < 250)) count++;
  }
  return count;
}
