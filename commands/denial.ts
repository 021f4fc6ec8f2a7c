import { factListCommand } from '../src/core/fact-list.js';
import type { Command } from '../src/core/types.js';

/** `/denial [topic]`: who denied what, and when. */
export default factListCommand({
  name: 'denial',
  kind: 'denial',
  plural: 'denials',
  description: 'Who denied what, and when (Meta in 2024, Meta in 2018), quoted from the sources',
}) satisfies Command;
