/**
 * `npm run eval [-- file.jsonl ...]`: measures answers on question sets, never tunes to them.
 * - `{ q, expect[] }` / `{ q, abstain: true }` lines run /ask: hit@1 (an expect fragment is in the first
 *   quotation of the first reply), hit@any (anywhere in the first reply) and declining;
 * - `{ text, verdict, expect? }` lines run /quote: the verdict and the source words shown.
 * Defaults to the bundled copies in test/fixtures/eval/ (dev, our own held-out questions, quote). Exit 1
 * when a set has a miss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed, APIInteractionResponse } from 'discord-api-types/v10';
import { packageRoot } from '../src/corpus/case.js';
import { fold } from '../src/corpus/text.js';
import { askReply } from '../commands/ask/render.js';
import { answerQuestion } from '../src/search/answer.js';
import { loadBot, type Bot } from '../src/core/bot.js';
import { unescapeArticleText } from '../src/core/escape.js';
import { isEphemeral } from '../src/core/format.js';
import { quoteReply } from '../src/core/quote-reply.js';
import { isEntryPoint } from '../src/entry.js';

interface AskCase { id: string; q: string; expect?: string[]; abstain?: boolean }
interface QuoteCase { id: string; text: string; verdict: 'verbatim' | 'close' | 'meaning' | 'notfound'; expect?: string[]; title?: string }

const embedsOf = (r: APIInteractionResponse): APIEmbed[] => ('data' in r && r.data && 'embeds' in r.data ? (r.data.embeds ?? []) : []);
/** The text of an embed as a reader sees it, folded by the corpus rule and with markdown escapes undone. */
export const shownText = (e: APIEmbed): string =>
  fold(unescapeArticleText([e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n')));
const contains = (text: string, fragments: string[]) => fragments.some((f) => text.includes(fold(f)));

/** Everything a reader sees of a reply, in order: its content, then each embed. */
export function visibleText(r: APIInteractionResponse): string {
  const content = 'data' in r && r.data && 'content' in r.data ? (r.data.content ?? '') : '';
  return [content, ...embedsOf(r).map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n'))].join('\n');
}

/**
 * The first quotation a reader meets in a reply: the first line holding a curly opening quote, from it to
 * the line's last closing quote (quotes inside quotes stay inside); `source` adds the line that attributes
 * it (the rest of its line, the next one and the legend naming the sources), for questions whose answer is who
 * wrote it.
 */
export function firstQuotation(r: APIInteractionResponse): { quote: string; source: string } | undefined {
  const lines = visibleText(r).split('\n');
  const clean = (t: string) => fold(unescapeArticleText(t));
  const legendOf = (line: string) => {
    const source = /`(\d{3})#p\d+`/.exec(line)?.[1];
    return (lines.find((l) => l.startsWith('Sources:')) ?? '').split(' · ').find((part) => source !== undefined && part.includes(`\`${source}\``)) ?? '';
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // A block-quote line is source words (in our marks, or in the article's own when they hold quotation marks).
    const block = /^> (.*?)(\s+`\d{3}#p\d+`)?\s*$/.exec(line);
    const open = line.indexOf('“');
    if (!block && open === -1) continue;
    const close = line.lastIndexOf('”');
    const quote = block ? (block[1] as string).replace(/^“(.*)”$/, '$1') : line.slice(open + 1, close > open ? close : undefined);
    // Its source: its tag and the rest of its line, the next line, and the legend entry naming the tag's article.
    return { quote: clean(quote), source: clean(`${block?.[2] ?? (close > open ? line.slice(close) : '')}\n${lines[i + 1] ?? ''}\n${legendOf(line)}`) };
  }
  return undefined;
}

/**
 * /ask over question sets, judged on what a reader sees on arrival: hit@1 when the first quotation of the
 * first reply holds an expected fragment, hit@any when the first reply holds one anywhere (no paging, no
 * buttons), and abstention (a private reply with no quote) for out-of-scope questions.
 */
export function evalAsk(bot: Bot, cases: AskCase[]) {
  const misses: string[] = [];
  let hit1 = 0, quoteOnly = 0, firstItem = 0, hitAny = 0, answerable = 0, abstainOk = 0, abstainCases = 0;
  for (const c of cases) {
    const first = askReply(bot, c.q).response;
    const shown = firstQuotation(first);
    const quote = shown?.quote;
    const abstained = isEphemeral(first) && quote === undefined;
    if (c.abstain) {
      abstainCases++;
      if (abstained) abstainOk++;
      else misses.push(`${c.id} should abstain: "${c.q}" → first quote: ${quote?.slice(0, 90) ?? '(none)'}`);
      continue;
    }
    answerable++;
    const expect = c.expect ?? [];
    const at1 = shown !== undefined && contains(`${shown.quote}\n${shown.source}`, expect);
    // The first item, counting any of its quotes (what a reader gets by opening it), below rendering.
    const answer = answerQuestion(bot.case, bot.search, c.q);
    const item = answer.kind === 'answer' ? answer.items[0] : undefined;
    const itemText = item?.kind === 'fact' ? item.fact.citations.map((x) => x.text).join('\n') : (item?.passage.text ?? '');
    if (item && contains(fold(itemText), expect)) firstItem++;
    if (shown && contains(shown.quote, expect)) quoteOnly++;
    // The embeds only: the content echoes the question, which may hold the expected words itself.
    const atAny = !abstained && contains(fold(unescapeArticleText(embedsOf(first).map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n')).join('\n'))), expect);
    if (at1) hit1++;
    if (atAny) hitAny++;
    if (!at1) misses.push(`${c.id} ${atAny ? 'not first' : abstained ? 'abstained' : 'missed'}: "${c.q}" → first quote: ${quote?.slice(0, 90) ?? '(none)'}`);
  }
  return { answerable, hit1, quoteOnly, firstItem, hitAny, abstainCases, abstainOk, misses };
}

/**
 * The verdict a /quote title announces, read the way a reader reads it (not from the code's constants):
 * ✅ verbatim, 🟡 close (a close match or a rewording), "❌ Not in the sources" not found, any other ❌ or
 * ⚠️ a change of meaning (a number, a negation, an actor, a speaker...).
 */
export function verdictOfTitle(title: string): QuoteCase['verdict'] | null {
  if (title.startsWith('✅')) return 'verbatim';
  if (title.startsWith('🟡')) return 'close';
  if (title.startsWith('❌ Not in the sources')) return 'notfound';
  if (title.startsWith('❌') || title.startsWith('⚠️')) return 'meaning';
  return null;
}

/** /quote: the verdict, the outcome named in the title when the case gives one, and the source words shown. */
export function evalQuote(bot: Bot, cases: QuoteCase[]) {
  const misses: string[] = [];
  let ok = 0;
  for (const c of cases) {
    const embed = embedsOf(quoteReply(bot, c.text).response)[0];
    const title = embed?.title ?? '';
    const verdictOk = verdictOfTitle(title) === c.verdict && (!c.title || title.includes(c.title));
    const shown = embed ? shownText(embed) : '';
    const expectOk = !c.expect || contains(shown, c.expect);
    if (verdictOk && expectOk) ok++;
    else misses.push(`${c.id}: expected ${c.verdict}${c.title ? ` (${c.title})` : ''}${c.expect ? ` showing ${JSON.stringify(c.expect)}` : ''}, got "${title}"${verdictOk ? ' without those words' : ''}`);
  }
  return { total: cases.length, ok, misses };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');

async function main(): Promise<number> {
  const files = process.argv.slice(2);
  const paths = files.length ? files : ['dev.jsonl', 'own.jsonl', 'quote.jsonl'].map((f) => join(packageRoot(), 'test', 'fixtures', 'eval', f));
  const bot = await loadBot();
  let failed = false;
  for (const path of paths) {
    let rows: Record<string, unknown>[];
    try {
      rows = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
    } catch (error) {
      console.error(`eval: cannot read ${path}: ${(error as Error).message} (one JSON object per line)`);
      return 2;
    }
    const asks = rows.filter((r) => typeof r.q === 'string') as unknown as AskCase[];
    const quotes = rows.filter((r) => typeof r.text === 'string') as unknown as QuoteCase[];
    console.log(`== ${path}`);
    if (asks.length) {
      const r = evalAsk(bot, asks);
      console.log(`/ask: hit@1 ${r.hit1}/${r.answerable} (${pct(r.hit1, r.answerable)}; in the quote's own words ${r.quoteOnly}; any quote of the first item ${r.firstItem}), hit@any ${r.hitAny}/${r.answerable} (${pct(r.hitAny, r.answerable)}) in the first reply, declined ${r.abstainOk}/${r.abstainCases} out-of-scope`);
      for (const m of r.misses) console.log(`  miss ${m}`);
      failed ||= r.hitAny < r.answerable || r.abstainOk < r.abstainCases;
    }
    if (quotes.length) {
      const r = evalQuote(bot, quotes);
      console.log(`/quote: ${r.ok}/${r.total} verdicts right with the expected source words shown (${pct(r.ok, r.total)})`);
      for (const m of r.misses) console.log(`  miss ${m}`);
      failed ||= r.ok < r.total;
    }
  }
  return failed ? 1 : 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main();
