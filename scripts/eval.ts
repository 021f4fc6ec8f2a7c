/**
 * `npm run eval [-- file.jsonl ...]`: measures answers on question sets, never tunes to them.
 * - `{ q, expect[] }` / `{ q, abstain: true }` lines run /ask: hit@1 (an expect fragment is in the first
 *   answer item), hit@any (in any item on any page) and abstention;
 * - `{ text, verdict, expect? }` lines run /quote: the verdict and the source words shown.
 * Defaults to the bundled copies in test/fixtures/eval/. Exit 1 when a set has a miss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed, APIInteractionResponse } from 'discord-api-types/v10';
import { packageRoot } from '../src/corpus/case.js';
import { fold } from '../src/corpus/text.js';
import { askReply } from '../src/core/ask.js';
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

export function evalAsk(bot: Bot, cases: AskCase[]) {
  const misses: string[] = [];
  let hit1 = 0, hitAny = 0, answerable = 0, abstainOk = 0, abstainCases = 0;
  for (const c of cases) {
    const first = askReply(bot, c.q).response;
    const abstained = isEphemeral(first) && embedsOf(first).length === 0;
    if (c.abstain) {
      abstainCases++;
      if (abstained) abstainOk++;
      else misses.push(`${c.id} should abstain: "${c.q}"`);
      continue;
    }
    answerable++;
    const items: APIEmbed[] = [];
    for (let page = 1; page <= 5; page++) {
      const embeds = embedsOf(askReply(bot, c.q, page).response);
      if (page > 1 && embeds.length && shownText(embeds[0] as APIEmbed) === shownText(items[items.length - embeds.length] ?? {})) break;
      items.push(...embeds);
    }
    const expect = c.expect ?? [];
    const at1 = !abstained && items[0] !== undefined && contains(shownText(items[0]), expect);
    const atAny = !abstained && items.some((e) => contains(shownText(e), expect));
    if (at1) hit1++;
    if (atAny) hitAny++;
    if (!at1) misses.push(`${c.id} ${atAny ? 'not first' : abstained ? 'abstained' : 'missed'}: "${c.q}" → first: ${items[0]?.title ?? '(none)'}`);
  }
  return { answerable, hit1, hitAny, abstainCases, abstainOk, misses };
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
  const paths = files.length ? files : ['dev.jsonl', 'quote.jsonl'].map((f) => join(packageRoot(), 'test', 'fixtures', 'eval', f));
  const bot = await loadBot();
  let failed = false;
  for (const path of paths) {
    const rows = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
    const asks = rows.filter((r) => typeof r.q === 'string') as unknown as AskCase[];
    const quotes = rows.filter((r) => typeof r.text === 'string') as unknown as QuoteCase[];
    console.log(`== ${path}`);
    if (asks.length) {
      const r = evalAsk(bot, asks);
      console.log(`/ask: hit@1 ${r.hit1}/${r.answerable} (${pct(r.hit1, r.answerable)}), hit@any ${r.hitAny}/${r.answerable} (${pct(r.hitAny, r.answerable)}), abstained ${r.abstainOk}/${r.abstainCases} out-of-scope`);
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
