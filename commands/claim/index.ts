import { factListCommand } from '../../src/core/overview.js';
import type { Command } from '../../src/core/types.js';

/** `/claim [topic]`: what the lawsuit, the filings and the reports claim, as an overview; each opens in full. */
export default factListCommand({
  name: 'claim',
  kind: 'claim',
  plural: 'claims',
  description: 'What the lawsuit, the court filings and the reports claim, quoted from the sources',
  placeholder: 'Open a claim in full: its quotes and the other side',
  help: 'What is claimed, each with how many sources say it and whether it is disputed; pick one to read it quoted',
}) satisfies Command;
