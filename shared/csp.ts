// The one Content-Security-Policy of podlab's UI: the Electron window's headers, `podlab serve`'s responses and the
// page's own <meta> (injected at build time by electron.vite.config.ts) all use these.

/** Only the app's own files; inline styles (Svelte's style attributes); images from data:/blob: (exports). */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The same policy for a <meta> tag, where browsers ignore (and warn about) frame-ancestors. */
export const CSP_META = CSP.replace(/; frame-ancestors [^;]*/, '');
