// Renders the topology SVG to PNG without a browser (resvg, a native module shipped in an npm package), with the
// system's fonts so labels are drawn: resvg draws no text at all when it finds no font for a family.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as ResvgJs from '@resvg/resvg-js';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

type ResvgModule = typeof ResvgJs;
// The native module loads on the first PNG only (~20 ms): `snapshot --format json`, ls and serve's start never need it.
const load = createRequire(import.meta.url);
let resvgModule: ResvgModule | null = null;
function Resvg(...args: ConstructorParameters<ResvgModule['Resvg']>): InstanceType<ResvgModule['Resvg']> {
  resvgModule ??= load('@resvg/resvg-js') as ResvgModule;
  return new resvgModule.Resvg(...args);
}

export interface PngOptions {
  /** Zoom factor; 2 gives a crisp image for reports. Default 2. */
  scale?: number;
  /** Background colour; the SVG draws its own, this only fills what it leaves transparent. */
  background?: string;
}

export interface PngImage {
  png: Buffer;
  width: number;
  height: number;
}

/** Families to map the generic CSS names onto, first one present wins (Debian: fonts-dejavu-core, fonts-nanum). */
const SANS = [
  ['DejaVu Sans', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  ['Liberation Sans', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'],
];
const MONO = [
  ['DejaVu Sans Mono', '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'],
  ['Liberation Mono', '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf'],
];

function firstPresent(list: string[][]): string | undefined {
  return list.find(([, file]) => existsSync(file))?.[0];
}

export function fontOptions(): NonNullable<ResvgRenderOptions['font']> {
  const sans = firstPresent(SANS);
  const mono = firstPresent(MONO);
  const font: NonNullable<ResvgRenderOptions['font']> = { loadSystemFonts: true, defaultFontSize: 13 };
  // The topology's font stacks start with system-ui/ui-monospace, which resvg does not know: map the generics.
  if (sans) Object.assign(font, { defaultFontFamily: sans, sansSerifFamily: sans });
  if (mono) font.monospaceFamily = mono;
  return font;
}

/** Renders `svg` to a PNG. Throws with a hint when the SVG cannot be parsed. */
export function svgToPng(svg: string, opts: PngOptions = {}): PngImage {
  const scale = opts.scale ?? 2;
  const resvg = Resvg(svg, {
    font: fontOptions(),
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: opts.background,
    logLevel: 'off',
  });
  const img = resvg.render();
  return { png: img.asPng(), width: img.width, height: img.height };
}

/** True when resvg finds a font and really draws text here (no fonts installed = blank labels). */
export function textRenders(): boolean {
  const box = (body: string): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="120" height="30" fill="#fff"/>${body}</svg>`;
  const render = (svg: string): Buffer => Resvg(svg, { font: fontOptions(), logLevel: 'off' }).render().pixels;
  const blank = render(box(''));
  const withText = render(box('<text x="4" y="20" font-family="sans-serif" font-size="16" fill="#000">net:[4026]</text>'));
  return !blank.equals(withText);
}
