import { factListCommand } from '../../src/core/overview.js';
import type { Command } from '../../src/core/types.js';

/** `/denial [topic]`: who denied what, and when, as an overview; each opens in full. */
export default factListCommand({
  name: 'denial',
  kind: 'denial',
  plural: 'denials',
  description: 'Who denied what, and when, quoted from the sources',
  placeholder: 'Open a denial in full: its quotes and the claims it answers',
  help: 'Who denied what, and when; pick one to read it quoted beside the claims it answers',
}) satisfies Command;
