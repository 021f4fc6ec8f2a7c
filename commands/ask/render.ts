/**
 * `/ask`'s replies. The content is `answerQuestion`'s (src/search/answer.ts); this only draws it, answer first:
 * the best item's label in our words, its single best quote with a short tag, its corroboration and one line for
 * the other side, then at most two more items of one line each, and a legend naming each quoted article once.
 * Everything else (more quotes, the other side, the disagreement, Cite, all answers) is behind buttons.
 */
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord-api-types/v10';
import type { ResolvedCitation } from '../../src/corpus/case.js';
import type { SourceId } from '../../src/corpus/schema.js';
import { answerQuestion, type AskOutcome, type Item } from '../../src/search/answer.js';
import { encodeId, ITEM_ROUTE, wasShortened } from '../../src/core/custom-id.js';
import { cleanInput, escapeArticleText, escapeUserText } from '../../src/core/escape.js';
import { BUDGET, bylineOf, citationLine, clip, COLORS, ephemeral, formatDate, legend } from '../../src/core/format.js';
import { bestQuote, factStatus, itemButtons, itemKey, itemLabel, otherSideLine, type Row } from '../../src/core/items.js';
import { itemEntry, overviewData } from '../../src/core/overview.js';
import { deliver, type Delivery } from '../../src/core/pager.js';
import type { Bot, Reply } from '../../src/core/types.js';

/** How many items a first reply shows: the best in full, the next ones as one line each. */
export const SHOWN = { lines: 2 } as const;

/** What the case covers, in its own data's words (topic labels), for a decline. */
function coverage(bot: Bot): string {
  return bot.case.topics.map((t) => t.label).slice(0, 12).join('; ');
}

/** The decline: plainly what the sources don't mention (or name but never give), what they do cover, and no quote. */
export function decline(bot: Bot, question: string, answer: Extract<AskOutcome, { kind: 'decline' }>): Reply {
  const asked = escapeUserText(question, 200);
  let said: string;
  if (answer.unanswered) {
    const { name, role, wants } = answer.unanswered;
    const who = `${escapeUserText(name, 60)}${role ? ` (${escapeUserText(role, 80)})` : ''}`;
    const missing = { words: 'quote nothing they said', amount: 'give no amount they paid or received', 'amount-for': 'give no amount of theirs for what you asked', article: 'none of them is theirs' }[wants];
    said = `My ${bot.case.articles.size} source articles name ${who} but ${missing}, so I can't answer: ${asked}`;
  } else if (answer.noStart) {
    said = `My ${bot.case.articles.size} source articles give only when that ended (${formatDate(answer.noStart, 'until')}), not when it began, so I can't answer: ${asked}`;
  } else if (answer.noEnd) {
    said = `My ${bot.case.articles.size} source articles give only when that began (${formatDate(answer.noEnd)}), not when it ended, so I can't answer: ${asked}`;
  } else if (answer.noAmountIn) {
    const years = [...new Set(bot.case.facts.flatMap((f) => (f.kind === 'money' && f.date ? [f.date.slice(0, 4)] : [])))].sort();
    const given = years.length ? ` (their amounts are for ${years.join(', ')})` : '';
    said = `My ${bot.case.articles.size} source articles give no amount for ${escapeUserText(answer.noAmountIn, 10)}${given}, so I can't answer: ${asked}`;
  } else if (answer.noName) {
    said = `My ${bot.case.articles.size} source articles name no **${escapeUserText(answer.noName, 40)}** for what you asked, so I can't answer: ${asked}`;
  } else if (answer.noCount) {
    said = `My ${bot.case.articles.size} source articles give no number of **${escapeUserText(answer.noCount, 40)}**, so I can't answer: ${asked}`;
  } else if (answer.advice) {
    said = `My ${bot.case.articles.size} source articles report what happened; they give no advice, instructions or recommendations, so I can't answer: ${asked}`;
  } else if (answer.pointTo === 'disagreements') {
    // "where do the articles disagree", with no topic: where they do is a list of its own.
    return ephemeral(`My ${bot.case.articles.size} source articles differ on ${bot.case.disagreements.length} points; \`/sources\` lists each, with both sides quoted. To check one topic, ask about it, e.g. \`/ask question:do the sources agree about ${escapeUserText(bot.case.topics[0]?.label ?? '…', 60)}\``);
  } else {
    const words = [...new Set(answer.unknown.map((w) => cleanInput(w)).filter(Boolean))].slice(0, 5);
    const what = words.length ? words.map((w) => `**${escapeUserText(w, 40)}**`).join(', ') : 'what you asked about';
    said = `My ${bot.case.articles.size} source articles don't mention ${what}, so I can't answer: ${asked}`;
  }
  return ephemeral(`${said}\nThey are ${bot.case.vocabulary.case.description}, and cover: ${coverage(bot)}. Try \`/help\` for examples.`);
}

/**
 * A further item's quote is shown under its line when it is at most `each` characters and all the quotes of the
 * reply stay within `all`: the first reply stays one screen on a phone (measured with `npm run screenshots`).
 */
export const SHORT_QUOTES = { each: 160, all: 480 } as const;

/**
 * The quote a further item's line may show: its lead, or, when that is too long for a line and the item is a fact,
 * the best of its short quotes (a fact's quotes all state it, so any of them is its source's words).
 */
export function lineQuote(item: Item, question: string): ResolvedCitation {
  const led = bestQuote(item, question);
  if (led.text.length <= SHORT_QUOTES.each || item.kind !== 'fact') return led;
  const short = bestQuote({ kind: 'fact', fact: item.fact }, question);
  return short.text.length <= SHORT_QUOTES.each ? short : led;
}

/**
 * A further item: its number, its label and how many sources state it, and under it its best quote when that
 * is short, so the first reply carries the source's words for each answer it lists. `sources` collects the
 * articles quoted, for the legend.
 */
function itemLines(bot: Bot, item: Item, n: number, question: string, sources: Set<SourceId>, quoted: { chars: number }): string[] {
  const status = item.kind === 'fact' ? factStatus(bot.case, item.fact) : `paragraph \`${item.passage.id}\``;
  const lines = [`**${n}.** ${itemLabel(bot.case, item, BUDGET.label)} · ${status}`];
  const quote = lineQuote(item, question);
  if (quote.text.length <= SHORT_QUOTES.each && quoted.chars + quote.text.length <= SHORT_QUOTES.all) {
    lines.push(citationLine(bot.case, quote));
    sources.add(quote.source);
    quoted.chars += quote.text.length;
  }
  return lines;
}

/** The first reply's embed: the best item in full, the next ones in a line each, the legend. */
export function answerEmbed(bot: Bot, items: readonly Item[], question: string, compares = false): APIEmbed {
  const kase = bot.case;
  const [best, ...rest] = items as [Item, ...Item[]];
  const quote = bestQuote(best, question);
  const sources = new Set<SourceId>([quote.source]);
  const lines: string[] = [citationLine(kase, quote)];
  if (best.kind === 'fact') {
    lines.push(`**${factStatus(kase, best.fact)}**`);
    const side = otherSideLine(kase, best.fact, sources, compares);
    if (side) lines.push(side);
  }
  const more = rest.slice(0, SHOWN.lines);
  const quoted = { chars: quote.text.length };
  if (more.length) lines.push('', '**Also in my sources:**', ...more.flatMap((item, i) => itemLines(bot, item, i + 2, question, sources, quoted)));
  lines.push('', legend(kase, sources));
  return { title: itemLabel(kase, best), color: best.kind === 'fact' ? COLORS[best.fact.kind] : COLORS.passage, description: lines.join('\n') };
}

/** Buttons: the best item's own, then the further items by number and the list of all answers. */
function answerRows(bot: Bot, items: readonly Item[], question: string): Row[] {
  const [best, ...rest] = items as [Item, ...Item[]];
  const rows: Row[] = [{ type: ComponentType.ActionRow, components: itemButtons(bot.case, best, bestQuote(best, question)) }];
  const numbered: APIButtonComponent[] = rest.slice(0, SHOWN.lines).map((item, i) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: encodeId(ITEM_ROUTE, 'open', itemKey(item)),
    label: `${i + 2}. ${clip(itemLabel(bot.case, item), 40)}`,
  }));
  if (items.length > 1 + SHOWN.lines) {
    numbered.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: encodeId('ask', 'all', question), label: `All ${items.length} answers` });
  }
  if (numbered.length) rows.push({ type: ComponentType.ActionRow, components: numbered });
  return rows;
}

/**
 * "who wrote these articles", "who wrote the btw media one": each article asked about with its byline quoted as
 * the page gives it (its line number, since a byline is page furniture, no paragraph), public like any answer.
 */
export function bylinesReply(bot: Bot, question: string, sources: readonly SourceId[]): Reply {
  const kase = bot.case;
  // One line per article, within the embed's budget: those left over are counted, and `/sources` lists them all.
  const lines: string[] = [];
  let used = 0;
  for (const id of sources) {
    const article = kase.articles.get(id);
    const named = legend(kase, [id]).replace(/^Sources: /, '');
    const byline = article ? bylineOf(article) : undefined;
    const line = byline ? `${named}: “${escapeArticleText(byline.text)}” (its page, line ${byline.line})` : `${named}: its page names no author.`;
    if (used + line.length > BUDGET.firstReply - 200) break;
    lines.push(line);
    used += line.length + 1;
  }
  const left = sources.length - lines.length;
  const one = sources.length === 1 ? kase.articles.get(sources[0] as SourceId)?.about.publisher : undefined;
  const title = one ? `Who wrote the ${escapeArticleText(one)} article` : `My ${sources.length} source articles and who wrote them`;
  return deliver(
    {
      content: `**Your question:** ${escapeUserText(question, 200)}`,
      embeds: [{ title: clip(title, BUDGET.title), color: COLORS.passage, description: [...lines, ...(left > 0 ? [`… and ${left} more.`] : []), '', '`/sources` has what is known about each.'].join('\n') }],
    },
    'public',
  );
}

/** The public answer to `/ask`, or its decline (ephemeral). */
export function askReply(bot: Bot, raw: string): Reply {
  const question = cleanInput(raw);
  if (!/[\p{L}\p{N}]/u.test(question)) return ephemeral(`Ask me a question in words, e.g. \`/ask question:${bot.case.vocabulary.case.examples.ask}\``);
  const answer = answerQuestion(bot.case, bot.search, question);
  if (answer.kind === 'decline') return decline(bot, question, answer);
  if (answer.kind === 'bylines') return bylinesReply(bot, question, answer.sources);
  return deliver(
    {
      content: `**Your question:** ${escapeUserText(question, 200)}`,
      embeds: [answerEmbed(bot, answer.items, question, answer.form.compares)],
      components: answerRows(bot, answer.items, question),
    },
    'public',
  );
}

/** Every answer to the question as an overview (its own page for the presser; the public answer stays). */
export function allAnswers(bot: Bot, raw: string, page: number, how: Delivery): Reply {
  const question = cleanInput(raw);
  const answer = /[\p{L}\p{N}]/u.test(question) ? answerQuestion(bot.case, bot.search, question) : undefined;
  if (!answer || answer.kind !== 'answer') return ephemeral('That question has no answers any more. Ask again with `/ask`.');
  const shortened = wasShortened('ask', 'page', String(page), question);
  const data = overviewData({
    route: 'ask',
    header: `**${answer.items.length} answers** from my sources to: ${escapeUserText(question, 200)}${shortened ? ' (paging uses its first words)' : ''}`,
    entries: answer.items.map((item) => itemEntry(bot.case, item)),
    page,
    args: [question],
    color: COLORS.passage,
    placeholder: 'Open an answer in full, with its quotes',
  });
  return deliver(data, how === 'public' ? 'private' : how);
}
