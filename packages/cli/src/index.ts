export type { CliIO } from './core/context.js';
export { main } from './main.js';
