/**
 * Kept for `commands/quote.ts` and `commands/check.ts`, which import `everywhere` from here; the lead moves
 * them to `./definitions.js` when fitting them into the command folders, then this file goes.
 */
export { everywhere } from './definitions.js';
export { pageArg } from './pager.js';
