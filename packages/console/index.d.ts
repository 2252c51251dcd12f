/** Absolute path of the built console (index.html, app.js, app.css); it exists once `npm run build` has run. */
export declare const consoleRoot: string;
