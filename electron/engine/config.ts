// Images podlab uses: the public defaults, overridable for offline labs and tests.
import { DEFAULT_DEMO_IMAGE, DEFAULT_PAUSE_IMAGE } from '../../shared/model';

export function pauseImage(env: NodeJS.ProcessEnv = process.env): string {
  return env.PODLAB_PAUSE_IMAGE || DEFAULT_PAUSE_IMAGE;
}

/** When set, replaces the image of every container of the built-in templates. */
export function demoImage(env: NodeJS.ProcessEnv = process.env): string {
  return env.PODLAB_DEMO_IMAGE || DEFAULT_DEMO_IMAGE;
}
