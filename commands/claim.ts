import { factListCommand } from '../src/core/fact-list.js';
import type { Command } from '../src/core/types.js';

/** `/claim [topic]`: what the lawsuit, the filings and the reports claim. */
export default factListCommand({
  name: 'claim',
  kind: 'claim',
  plural: 'claims',
  description: 'What the lawsuit, the court filings and the reports claim, quoted from the sources',
}) satisfies Command;
