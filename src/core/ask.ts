/** `/ask`: a free-text question answered with the best facts and passages, or an honest "not covered". */
import type { Bot } from './bot.js';
import { cleanInput, escapeUserText } from './escape.js';
import { customId, ephemeral, LIMITS, pagedAnswer, type Item } from './format.js';
import { topicList } from './topics.js';
import type { Reply } from './types.js';

/** Tuning for `/ask` answers. */
export const ASK_TUNING = {
  /** Items scoring below this share of the best item are left out: they are not about the question. */
  relativeFloor: 0.2,
  /** A passage whose text is at least this share quoted by facts already shown is left out as a repeat. */
  repeatShare: 0.6,
  /** At most this many items across all pages. */
  maxItems: 12,
} as const;

/** Ranked answer items for a question, or null when the sources don't cover it. */
export function answerItems(bot: Bot, question: string): Item[] | null {
  const outcome = bot.search.search(question, { limit: 40 });
  if (outcome.abstain || !outcome.hits.length) return null;
  const top = outcome.hits[0]?.score ?? 0;
  const items: Item[] = [];
  // How much of each passage the facts shown so far already quote; a passage mostly quoted is not repeated.
  const quoted = new Map<string, number>();
  for (const hit of outcome.hits) {
    if (hit.score < top * ASK_TUNING.relativeFloor || items.length >= ASK_TUNING.maxItems) break;
    if (hit.kind === 'fact') {
      const fact = bot.case.factById.get(hit.id);
      if (!fact) continue;
      for (const c of fact.citations) quoted.set(c.passage, (quoted.get(c.passage) ?? 0) + (c.end - c.start));
      items.push({ kind: 'fact', fact });
      continue;
    }
    const passage = bot.case.passageById.get(hit.id);
    if (!passage) continue;
    if ((quoted.get(passage.id) ?? 0) >= passage.text.length * ASK_TUNING.repeatShare) continue;
    items.push({ kind: 'passage', passage });
  }
  return items.length ? items : null;
}

export function askReply(bot: Bot, raw: string, page = 1, update = false): Reply {
  const question = cleanInput(raw);
  if (!/[\p{L}\p{N}]/u.test(question)) return ephemeral('Ask me a question in words, e.g. `/ask question:could Netflix read private messages?`');
  const items = answerItems(bot, question);
  if (!items) {
    return ephemeral(
      `My sources don't cover that: ${escapeUserText(question, 200)}\nThey are three articles on the 2024 claims that Netflix could read Facebook users' private messages through an "Inbox API". Topics I can answer: ${topicList(bot, ['claim', 'denial', 'event', 'money'])}.`,
    );
  }
  const pageId = (n: number) => customId('ask', 'p', String(n), question);
  const shortened = pageId(1).length >= LIMITS.customId;
  return pagedAnswer(bot.case, {
    header: `**From my sources**, on: ${escapeUserText(question, 200)}\nBest match first; every line in quotation marks is the articles' own words.`,
    items,
    page,
    update,
    pageId,
    ...(shortened && page > 1 ? { note: '(Paging uses the first words of your question.)' } : {}),
  });
}
