/**
 * The timeline's home is `commands/timeline/` (definition and handlers in index.ts, rendering in render.ts).
 * This re-export keeps the transports' imports (effects.ts, refresh-pins.ts: another helper's files this round)
 * working; the lead points them at `commands/timeline/render.js` after merging, then this file goes.
 */
export * from '../../commands/timeline/render.js';
