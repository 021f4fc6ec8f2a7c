/** The "Cite" button: a copyable citation for a fact or a passage, visible to the presser only. */
import type { Case, ResolvedCitation } from '../corpus/case.js';
import { ephemeral } from './format.js';
import type { Reply } from './types.js';

function citationText(kase: Case, source: string, text: string, ref: string): string {
  const meta = kase.articles.get(source)?.meta;
  const who = meta?.publisher ? `${meta.publisher}${meta.author ? ` (${meta.author})` : ''}` : `unattributed article ${source}, publisher unknown`;
  const title = meta?.title ? `, "${meta.title}"` : '';
  const url = meta?.url ? `, ${meta.url}` : '';
  return `"${text}" (${who}${title}${url}) [${ref}]`.replace(/```/g, "'''");
}

export function citeReply(kase: Case, id: string): Reply {
  const fact = kase.factById.get(id);
  if (fact) {
    const lines = fact.citations.map((c: ResolvedCitation) => citationText(kase, c.source, c.text, `${fact.id}, ${c.passage}`));
    return ephemeral(`Citation for ${fact.id} (${fact.corroboration} of ${kase.articles.size} sources):\n\`\`\`\n${lines.join('\n\n')}\n\`\`\``);
  }
  const passage = kase.passageById.get(id);
  if (passage) return ephemeral(`Citation for ${passage.id}:\n\`\`\`\n${citationText(kase, passage.source, passage.text, passage.id)}\n\`\`\``);
  return ephemeral('That item is no longer in my sources, so I can\'t cite it. Run the command again.');
}
