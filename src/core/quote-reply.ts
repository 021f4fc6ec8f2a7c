/**
 * Rendering a `/quote` check (also used by the "Check against sources" message command): the outcome as
 * the title, what changed and whose words they are in the first lines, then the source's words, verbatim.
 * The whole reply stays within one screen (`QUOTE_BUDGET` visible characters): optional parts are left out
 * before anything would be cut, and a quote is never cut.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import type { Case } from '../corpus/case.js';
import type { SourceId } from '../corpus/schema.js';
import type { SpeakerRef } from '../search/attribution.js';
import type { ChangeKind } from '../search/changes.js';
import { checkQuote, type Difference, type Match, type MeaningChange, type QuoteCheck } from '../search/verify.js';
import type { Bot } from './bot.js';
import { cleanInput, escapeArticleText, escapeUserText } from './escape.js';
import { attribution, clip, COLORS, ephemeral, message, sourceName } from './format.js';
import type { Reply } from './types.js';

/** Visible characters of one reply (content, title, description, fields, footer): one screen, as issue 12 sets it. */
export const QUOTE_BUDGET = 1800;

const FOOTER = 'Compared after folding curly/straight quotes, dashes and spacing; words match whole, never by a prefix.';

const CHANGE_NAME: Record<ChangeKind, string> = {
  negation: 'Negation reversed',
  number: 'Wrong number',
  date: 'Date changed',
  actor: 'Different actor',
  hedge: 'Hedge dropped',
  opposite: 'Opposite word',
};

const src = (text: string) => escapeArticleText(clip(text, 80));
const yours = (text: string) => escapeUserText(text, 60);

/** The title for a change of meaning: the outcome, then what the sources say instead. */
function changeTitle(change: MeaningChange): string {
  const name = CHANGE_NAME[change.kind];
  switch (change.kind) {
    case 'negation':
      return `❌ ${name}`;
    case 'number':
    case 'date':
      return change.source ? `❌ ${name}: the sources say ${src(change.source)}` : `❌ ${name}`;
    case 'hedge':
      return `❌ ${name}: the source says ${src(change.source)}`;
    case 'actor':
    case 'opposite':
      return `❌ ${name}: the source says ${src(change.source)}, not ${yours(change.yours)}`;
  }
}

/** One line explaining a change, in the reply's first lines. */
function changeLine(change: MeaningChange): string {
  const theirs = change.source ? `“${src(change.source)}”` : 'nothing there';
  const typed = change.yours ? `*${yours(change.yours)}*` : 'nothing';
  switch (change.kind) {
    case 'negation':
      return `**${CHANGE_NAME.negation}:** your text has ${typed} where the source has ${theirs}: it says the opposite.`;
    case 'hedge':
      return `**${CHANGE_NAME.hedge}:** the source says ${theirs}; without it your text states as fact what the source reports as a claim.`;
    default:
      return `**${CHANGE_NAME[change.kind]}:** your text says ${typed}; the source says ${theirs}.`;
  }
}

/** "Andy Stone, Meta's communications director" — labels from the facts or the sentence, never in quotation marks. */
function speakerLabel(speaker: SpeakerRef): string {
  const role = speaker.role ? `, ${speaker.role}` : '';
  return escapeArticleText(clip(`${speaker.name}${role}`, 120));
}

/** Whose words a match is, as the sources say it: one line. */
function whoseWords(kase: Case, match: Match): string {
  const a = match.attribution;
  const article = sourceName(kase.articles.get(match.passage.source), match.passage.source);
  if (a.quoted && a.speaker) return `${speakerLabel(a.speaker)} (as ${article} quotes it)`;
  if (a.quoted) return `quoted by ${article} without naming who said it`;
  const claim = a.claimOf ? `; whose ${a.claimKind ?? 'claim'}: ${escapeArticleText(clip(a.claimOf, 100))}` : '';
  return `${article}'s own (not a quotation)${claim}`;
}

/**
 * Whose words the matches are, one line each without repeats. Where sources quote different speakers,
 * each shows; a list of places for a short text names the first place's only (the rest are its neighbours).
 */
function whoseLines(kase: Case, matches: readonly Match[], places: boolean): string[] {
  const lines = [...new Set(matches.map((m) => whoseWords(kase, m)))];
  return places ? lines.slice(0, 1) : lines.slice(0, 3);
}

/**
 * Source words in quotation marks. The article's own marks, when the words start or end with one, stand
 * for ours, so marks are never doubled ("“…””"); the words never cut a quotation, so they stay balanced.
 */
function sourceWords(text: string): string {
  return /^["“]/.test(text) || /["”]$/.test(text) ? escapeArticleText(text) : `“${escapeArticleText(text)}”`;
}

/** Source words on their own line, then where they are. */
function quoteBlock(kase: Case, match: Match, named: Set<SourceId>): string {
  const shown = sourceWords(match.sentence.text);
  const source = match.passage.source;
  // Each source is named with its title and link once per reply; after that, by name and tag.
  const line = named.has(source) ? `— ${sourceName(kase.articles.get(source), source)} · \`${match.passage.id}\`` : attribution(kase, source, match.passage.id);
  named.add(source);
  return `> ${shown}\n${line}`;
}

function differenceLine(d: Difference): string {
  const typed = d.yours ? `*${escapeUserText(d.yours, 120)}*` : '(nothing)';
  const source = d.source ? sourceWords(d.source) : '(nothing)';
  const kinds = [...new Set(d.changes.map((c) => CHANGE_NAME[c.kind].toLowerCase()))];
  return `• your text: ${typed} · source: ${source}${kinds.length ? ` (${kinds.join(', ')})` : ''}`;
}

function title(kase: Case, check: QuoteCheck): string {
  const best = check.matches[0];
  switch (check.outcome) {
    case 'verbatim':
      return '✅ Verbatim';
    case 'speaker': {
      const speaker = check.matches.find((m) => m.attribution.speaker)?.attribution.speaker;
      if (speaker) return `⚠️ Different speaker: the sources quote ${escapeArticleText(clip(speaker.name, 80))}`;
      return `⚠️ Different speaker: these are ${best ? sourceName(kase.articles.get(best.passage.source), best.passage.source) : 'the article'}'s own words`;
    }
    case 'unattributed':
      return '⚠️ Speaker not confirmed';
    case 'close':
      return '🟡 Close match';
    case 'reworded':
      return '🟡 Reworded';
    case 'notfound':
      return '❌ Not in the sources';
    default: {
      const change = best?.differences.flatMap((d) => d.changes).find((c) => c.kind === check.outcome);
      return change ? changeTitle(change) : `❌ ${CHANGE_NAME[check.outcome]}`;
    }
  }
}

/** The lines a reader needs first: what the verdict means for this text. */
function leadLines(kase: Case, check: QuoteCheck): string[] {
  const best = check.matches[0];
  const claimed = check.claimed ? escapeUserText(check.claimed.speaker, 80) : '';
  const lines: string[] = [];
  switch (check.outcome) {
    case 'verbatim': {
      const sources = [...new Set(check.matches.map((m) => m.passage.source))];
      const names = sources.map((s) => sourceName(kase.articles.get(s), s)).join(', ');
      if (check.occurrences > check.matches.length) lines.push(`Found word for word in ${check.occurrences} places; the first ${check.matches.length}, in ${names}:`);
      else lines.push(`Found word for word in ${sources.length} of ${kase.articles.size} sources: ${names}.`);
      break;
    }
    case 'speaker':
      lines.push(`The words are in the sources, but your text gives them to ${claimed}; the sources give them to someone else:`);
      break;
    case 'unattributed':
      lines.push(`The words are in the sources, but quoted without naming who said them: nothing there gives them to ${claimed}.`);
      break;
    case 'close':
      lines.push(best?.differences.length ? `Not word for word: ${Math.round((best.similarity ?? 0) * 100)}% of the words line up with the nearest source sentence.` : 'The same words; only capital letters or punctuation differ.');
      break;
    case 'reworded':
      lines.push("Not the sources' words, but a rewording of a statement they quote. Their words, to set beside yours:");
      break;
    case 'notfound':
      lines.push(`No source says this: none of the ${kase.articles.size} articles has a sentence close enough to count as a match.`);
      if (check.furniture) {
        const article = kase.articles.get(check.furniture.source);
        lines.push(`These words do appear in the page furniture of ${sourceName(article, check.furniture.source)} (its ${check.furniture.kind}, line ${check.furniture.line}), which is not the article's text.`);
      }
      break;
    default: {
      const changes = best?.differences.flatMap((d) => d.changes) ?? [];
      const seen = new Set<string>();
      for (const c of changes) {
        const key = `${c.kind}|${c.source}|${c.yours}`;
        if (seen.has(key) || seen.size >= 3) continue;
        seen.add(key);
        lines.push(changeLine(c));
      }
    }
  }
  if (check.claimed?.confirmed && check.outcome !== 'notfound') {
    lines.push(`**Speaker confirmed:** the sources give these words to ${claimed} (the attribution in your text was not compared as part of the quote).`);
  }
  if (check.claimed?.confirmed === false && check.outcome !== 'speaker') lines.push(`**Different speaker:** the sources do not give these words to ${claimed}.`);
  return lines;
}

export function quoteReply(bot: Bot, raw: string): Reply {
  const text = cleanInput(raw);
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return ephemeral('Give me some words to check against the sources: a word, a phrase or a sentence.');
  }
  const kase = bot.case;
  const check = checkQuote(kase, bot.search, text);
  const content = `Checked against ${kase.articles.size} source articles:`;
  const embedTitle = title(kase, check);
  const budget = QUOTE_BUDGET - content.length - embedTitle.length - FOOTER.length - 2;

  const required: string[] = [...leadLines(kase, check)];
  const best = check.matches[0];
  const shownMatches = check.outcome === 'verbatim' || check.outcome === 'speaker' || check.outcome === 'unattributed' ? check.matches : best ? [best] : [];
  const whose = check.outcome === 'notfound' ? [] : whoseLines(kase, shownMatches, check.occurrences > check.matches.length);
  if (whose.length) required.push(`**Whose words:** ${whose.join('; ')}`);
  required.push(`**Your text:** ${escapeUserText(text, 300)}`, '');
  if (check.outcome === 'notfound' && best) required.push('Nearest sentence, shown for comparison only (not a match):');

  const named = new Set<SourceId>();
  const blocks = shownMatches.map((m) => quoteBlock(kase, m, named));
  // A sentence shown for comparison only (not found) or as the words reworded gets no list of differences.
  const listed = check.verdict === 'close' || check.verdict === 'meaning';
  const differences = !listed || check.outcome === 'reworded' || !best ? [] : best.differences.map(differenceLine);

  // The first quote always shows; further places and the list of differences only while they fit.
  const lines = [...required];
  let used = lines.join('\n').length;
  const add = (line: string): boolean => {
    if (used + line.length + 1 > budget) return false;
    lines.push(line);
    used += line.length + 1;
    return true;
  };
  blocks.forEach((block, i) => (i === 0 ? (lines.push(block), (used += block.length + 1)) : add(block)));
  if (differences.length && add('') && add('**What differs:**')) {
    let shown = 0;
    for (const line of differences.slice(0, 8)) if (add(line)) shown++;
    if (differences.length > shown) add(`…and ${differences.length - shown} more difference(s).`);
  }

  const color = check.verdict === 'verbatim' ? COLORS.verdict : check.verdict === 'close' ? COLORS.money : COLORS.warn;
  const embed: APIEmbed = { title: embedTitle, color, description: lines.join('\n'), footer: { text: FOOTER } };
  return message({ content, embeds: [embed] });
}
