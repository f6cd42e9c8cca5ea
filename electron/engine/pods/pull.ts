// Pulls the images a pod needs when they are missing locally, reporting progress (bytes over all layers).
import type { PullProgress } from '../../../shared/api';
import type { Runtime } from '../runtime/runtime';
import { ImagePullError } from './errors';

/** Pulls one image, calling onPull as layers arrive; throws ImagePullError naming the image and the fix. */
export async function pullImage(rt: Runtime, image: string, onPull?: (p: PullProgress) => void): Promise<void> {
  onPull?.({ image, fraction: null, status: 'pulling', done: false });
  try {
    await rt.images.pull(image, (u) => onPull?.({ image, fraction: u.fraction, status: u.status, done: false }));
  } catch (err) {
    throw new ImagePullError(image, err instanceof Error ? err.message : String(err));
  }
  onPull?.({ image, fraction: 1, status: 'pulled', done: true });
}

/** The images (deduplicated) that are not present locally. */
export async function missingImages(rt: Runtime, images: string[]): Promise<string[]> {
  const unique = [...new Set(images)];
  const present = await Promise.all(unique.map((i) => rt.images.present(i)));
  return unique.filter((_, i) => !present[i]);
}

/** Pulls images one after another (progress stays readable). */
export async function pullImages(rt: Runtime, images: string[], onPull?: (p: PullProgress) => void): Promise<void> {
  for (const image of images) await pullImage(rt, image, onPull);
}

/** Makes sure every image is present locally, pulling the missing ones. */
export async function ensureImages(rt: Runtime, images: string[], onPull?: (p: PullProgress) => void): Promise<void> {
  await pullImages(rt, await missingImages(rt, images), onPull);
}
