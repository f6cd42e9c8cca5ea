// Svelte 5 with runes; TypeScript in components through vite-plugin-svelte's preprocessor.
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default { preprocess: vitePreprocess(), compilerOptions: { runes: true } };
