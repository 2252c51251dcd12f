import { fileURLToPath } from 'node:url';

/** Absolute path of the built console (index.html, app.js, app.css); it exists once `npm run build` has run. */
export const consoleRoot = fileURLToPath(new URL('./dist/', import.meta.url));
