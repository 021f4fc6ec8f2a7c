import { factListCommand } from '../src/core/fact-list.js';
import type { Command } from '../src/core/types.js';

/** `/money [topic]`: every dollar figure in the story, oldest first. */
export default factListCommand({
  name: 'money',
  kind: 'money',
  plural: 'money figures',
  description: 'Every dollar figure in the story: who paid what, for what, and when',
  order: (a, b) => {
    const dateA = a.kind === 'money' ? (a.date ?? '9999') : '';
    const dateB = b.kind === 'money' ? (b.date ?? '9999') : '';
    return dateA.localeCompare(dateB);
  },
}) satisfies Command;
