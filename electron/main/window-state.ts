// Remembers the window's size and position in a small JSON file in the app's userData folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

const DEFAULT: WindowState = { width: 1440, height: 900 };

export function loadWindowState(dir: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    const num = (v: unknown, min: number): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.round(v) : undefined);
    return {
      width: num(raw.width, 640) ?? DEFAULT.width,
      height: num(raw.height, 480) ?? DEFAULT.height,
      x: num(raw.x, -10000),
      y: num(raw.y, -10000),
      maximized: raw.maximized === true,
    };
  } catch {
    return DEFAULT;
  }
}

export function saveWindowState(dir: string, state: WindowState): void {
  try {
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify(state) + '\n');
  } catch {
    // best effort: a read-only profile only loses the remembered size
  }
}
