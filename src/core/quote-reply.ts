/** Rendering a `/quote` check (also used by the "Check against sources" message command). */
import type { APIEmbed } from 'discord-api-types/v10';
import { checkQuote, type Difference, type Match } from '../search/verify.js';
import type { Bot } from './bot.js';
import { cleanInput, escapeArticleText, escapeUserText } from './escape.js';
import { COLORS, ephemeral, message, quoteLines, sourceName } from './format.js';
import type { Reply } from './types.js';

const TITLES = {
  verbatim: '✅ Verbatim match',
  close: '🟡 Close match',
  meaning: '⚠️ Close match, but the meaning differs',
  notfound: '❌ Not found',
} as const;

function differenceLine(d: Difference): string {
  const yours = d.yours ? `*${escapeUserText(d.yours, 120)}*` : '(nothing)';
  const source = d.source ? `“${escapeArticleText(d.source)}”` : '(nothing)';
  const why = d.meaning === 'negation' ? ' (a negation is flipped)' : d.meaning === 'number' ? ' (a number is changed)' : '';
  return `• your text: ${yours} · source: ${source}${why}`;
}

function matchBlock(bot: Bot, match: Match): string {
  return quoteLines(bot.case, match.passage.source, match.sentence.text, match.passage.id);
}

export function quoteReply(bot: Bot, raw: string): Reply {
  const text = cleanInput(raw);
  if (text.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length < 3) {
    return ephemeral('Give me a sentence of at least three words to check against the sources.');
  }
  const check = checkQuote(bot.case, bot.search, text);
  const lines: string[] = [`**Your text:** ${escapeUserText(text, 600)}`, ''];
  const best = check.matches[0];
  switch (check.verdict) {
    case 'verbatim': {
      const names = check.matches.map((m) => sourceName(bot.case.articles.get(m.passage.source), m.passage.source));
      lines.push(`Found word for word (up to quote marks, dashes and spacing) in ${check.matches.length} of ${bot.case.articles.size} sources: ${names.join(', ')}. The sentence it is in:`);
      for (const match of check.matches) lines.push(matchBlock(bot, match));
      break;
    }
    case 'close':
    case 'meaning': {
      if (!best) break;
      const meaningful = best.differences.filter((d) => d.meaning);
      if (check.verdict === 'meaning') {
        const kinds = [...new Set(meaningful.map((d) => (d.meaning === 'negation' ? 'flips a negation' : 'changes a number')))];
        lines.push(`**The meaning differs:** your text ${kinds.join(' and ')} compared with the source. Nearest source sentence:`);
      } else {
        lines.push(`Not word for word. Nearest source sentence (${Math.round(best.similarity * 100)}% of the words line up):`);
      }
      lines.push(matchBlock(bot, best), '');
      if (best.differences.length) {
        lines.push('**What differs:**', ...best.differences.slice(0, 8).map(differenceLine));
        if (best.differences.length > 8) lines.push(`…and ${best.differences.length - 8} more difference(s).`);
      } else {
        lines.push('Same words; only capital letters or punctuation differ.');
      }
      break;
    }
    case 'notfound': {
      lines.push('No source says this. None of the three articles has a sentence close enough to count as a match.');
      if (check.furniture) {
        const article = bot.case.articles.get(check.furniture.source);
        lines.push(`These words do appear in the page furniture of ${sourceName(article, check.furniture.source)} (its ${check.furniture.kind}, line ${check.furniture.line}), which is not the article's text.`);
      }
      if (best) lines.push('', 'Nearest sentence, shown for comparison only (not a match):', matchBlock(bot, best));
      break;
    }
  }
  const embed: APIEmbed = {
    title: TITLES[check.verdict],
    color: check.verdict === 'verbatim' ? COLORS.verdict : check.verdict === 'notfound' || check.verdict === 'meaning' ? COLORS.warn : COLORS.money,
    description: lines.join('\n').slice(0, 4096),
    footer: { text: 'Compared after folding curly/straight quotes, dashes and spacing only.' },
  };
  return message({ content: `Checked against ${bot.case.articles.size} source articles:`, embeds: [embed] });
}
