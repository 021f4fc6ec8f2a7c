/**
 * Cite: the full citation of a fact or a passage, for the presser only. It is the one place ids (fact ids,
 * passage ids) are shown in words, because this is where someone copies them; the article's link is bare so
 * Discord makes it clickable.
 */
import type { Case, ResolvedCitation } from '../corpus/case.js';
import { escapeArticleText } from './escape.js';
import { citationLine, COLORS, ephemeral } from './format.js';
import type { Reply } from './types.js';

/** "Giant Freakin Robot (Douglas Helm), *Title*, <url>" — or what stands for an unknown publisher. */
function reference(kase: Case, source: string): string {
  const about = kase.articles.get(source)?.about;
  if (!about?.publisher) return `unattributed article ${source} (publisher, author, title, address and date unknown)`;
  const who = about.author ? `${about.publisher} (${about.author})` : about.publisher;
  const title = about.title ? `, *${escapeArticleText(about.title).replace(/\*/g, '')}*` : '';
  const date = about.published ? `, ${about.published}` : '';
  const url = about.url ? `, ${about.url}` : '';
  return `${escapeArticleText(who)}${title}${date}${url}`;
}

function citationBlock(kase: Case, citation: ResolvedCitation): string {
  return `${citationLine(kase, citation)}\n— ${reference(kase, citation.source)}`;
}

export function citeReply(kase: Case, id: string): Reply {
  const fact = kase.factById.get(id);
  if (fact) {
    const blocks = fact.citations.map((c) => citationBlock(kase, c));
    return ephemeral(`**Cite as** \`${fact.id}\` (${fact.corroboration} of ${kase.articles.size} sources):`, [{ color: COLORS[fact.kind], description: blocks.join('\n') }]);
  }
  const passage = kase.passageById.get(id);
  if (passage) {
    const whole: ResolvedCitation = { source: passage.source, quote: passage.text, text: passage.text, start: passage.start, end: passage.end, passage: passage.id };
    return ephemeral(`**Cite as** \`${passage.id}\`:`, [{ color: COLORS.passage, description: citationBlock(kase, whole) }]);
  }
  return ephemeral("That item is no longer in my sources, so I can't cite it. Run the command again.");
}
