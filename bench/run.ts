/**
 * `npm run bench [-- --quick] [--sizes case,1000,10000,100000] [--calls 1000]` (--quick: case and 1k, 200 calls)
 *
 * Speed and memory at the case corpus and at synthetic corpora of ~1k, 10k and 100k passages (bench/synth.ts,
 * written to .bench/ and loaded with the real, verifying loader). Each size is measured in fresh child
 * processes so that one size's garbage and JIT state do not leak into another's figures:
 *
 * - run:       load + verify the corpus, build the MiniSearch index (what the bot does at start-up), heap/RSS
 *              after that, then `respond()` for every command (warm, ≥ --calls calls each, p50/p99), `/ask`
 *              over a generated question mix, and what query planning changes against exhaustive search;
 * - reference: MiniSearch with default options on the same passages and the same question mix, and its
 *              JSON round trip (toJSON / loadJSON), to tell whether a snapshot would pay;
 * - cli:       `node dist/src/cli.js --json '/timeline'` as a whole process, median of 10.
 *
 * Prints a table, then as its last line one JSON object with every figure (ms, MB) keyed by corpus size.
 * It measures; it asserts nothing about speed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  type APIInteraction,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import MiniSearch from 'minisearch';
import { defaultCorpusDir, loadCase, packageRoot } from '../src/corpus/case.js';
import type { Bot } from '../src/core/bot.js';
import { loadCommands } from '../src/core/loader.js';
import { respond } from '../src/core/respond.js';
import { buildSearch, PLAN } from '../src/search/search.js';
import { DEFAULT_SEED, questionMix, synthesize } from './synth.js';

const ROOT = packageRoot();
const BENCH_DIR = join(ROOT, '.bench');
const MIX_SIZE = 250;
const CLI_RUNS = 10;
/** The reference is slow at 100k: it runs the mix at least once, then more rounds while under this budget. */
const REFERENCE_BUDGET_MS = 30_000;

type Figures = { [key: string]: number | string | boolean | Figures };

// ---------------------------------------------------------------------------------------------------------
// Measuring helpers

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function summary(times: number[]): { calls: number; p50_ms: number; p99_ms: number; max_ms: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { calls: times.length, p50_ms: round(percentile(sorted, 0.5), 4), p99_ms: round(percentile(sorted, 0.99), 4), max_ms: round(sorted[sorted.length - 1] ?? NaN, 3) };
}

function memory(): { rss_mb: number; heap_mb: number; external_mb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss_mb: round(m.rss / 1e6, 1), heap_mb: round(m.heapUsed / 1e6, 1), external_mb: round(m.external / 1e6, 1) };
}

/**
 * Warm-up before measuring, until the optimising compiler has settled: 2000 calls or 1.5 s, whichever comes
 * first, and at least 300 ms (measured: with fewer, the first 1000 timed calls of a 0.1 ms handler still
 * include compilation pauses of 1–3 ms).
 */
function warm(fn: () => void): void {
  const started = performance.now();
  for (let i = 0; ; i++) {
    const elapsed = performance.now() - started;
    if (elapsed >= 300 && (i >= 2000 || elapsed >= 1500)) break;
    fn();
  }
}

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

// ---------------------------------------------------------------------------------------------------------
// Interactions, as Discord sends them

let counter = 0;
const snowflake = () => String(1100000000000000000n + BigInt(++counter));
const PIN_MESSAGES = String(1n << 51n);
type Value = string | number | boolean;

function envelope(type: InteractionType, data: unknown, guild = false): APIInteraction {
  const user = { id: '1200000000000000001', username: 'bench', discriminator: '0', global_name: 'Bench', avatar: null };
  const place = guild
    ? { guild_id: '1300000000000000001', member: { user, roles: [], permissions: PIN_MESSAGES, joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } }
    : { user };
  return {
    id: snowflake(),
    application_id: '1400000000000000001',
    type,
    data,
    token: `bench-${counter}`,
    version: 1,
    channel_id: '1500000000000000001',
    app_permissions: guild ? PIN_MESSAGES : '0',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    ...place,
  } as unknown as APIInteraction;
}

const optionType = (v: Value) =>
  typeof v === 'boolean' ? ApplicationCommandOptionType.Boolean : typeof v === 'number' ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.String;

function slash(name: string, options: Record<string, Value> = {}, guild = false): APIInteraction {
  const list = Object.entries(options).map(([n, value]) => ({ name: n, type: optionType(value), value }));
  return envelope(InteractionType.ApplicationCommand, { id: snowflake(), name, type: ApplicationCommandType.ChatInput, ...(list.length ? { options: list } : {}) }, guild);
}

const button = (customId: string) => envelope(InteractionType.MessageComponent, { custom_id: customId, component_type: 2 });

const autocomplete = (name: string, focused: string, typed: string) =>
  envelope(InteractionType.ApplicationCommandAutocomplete, { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options: [{ name: focused, type: ApplicationCommandOptionType.String, value: typed, focused: true }] });

function messageCommand(content: string): APIInteraction {
  const target = snowflake();
  return envelope(InteractionType.ApplicationCommand, {
    id: snowflake(),
    name: 'Check against sources',
    type: ApplicationCommandType.Message,
    target_id: target,
    resolved: { messages: { [target]: { id: target, channel_id: '1500000000000000001', content, author: { id: '1', username: 'x' }, embeds: [], attachments: [] } } },
  });
}

function readJsonl<T>(name: string): T[] {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'eval', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** One interaction per command and variant; every command the bot has, buttons and autocomplete included. */
function scenarios(): Array<[string, APIInteraction]> {
  const quotes = readJsonl<{ text: string; verdict: string }>('quote.jsonl');
  const quote = (verdict: string) => quotes.find((q) => q.verdict === verdict)?.text ?? 'Meta also paid $725 million as a settlement';
  const question = 'could netflix see my private messages';
  return [
    ['/ask', slash('ask', { question })],
    ['/ask all answers (button)', button(`ask|all|${question}`)],
    ['/ask page 2 (button)', button(`ask|page|2|${question}`)],
    ['/claim', slash('claim')],
    ['/claim topic', slash('claim', { topic: 'inbox-api' })],
    ['/denial', slash('denial')],
    ['/denial topic', slash('denial', { topic: 'meta-response' })],
    ['/money', slash('money')],
    ['/money topic', slash('money', { topic: 'advertising' })],
    ['/timeline', slash('timeline')],
    ['/timeline from/to', slash('timeline', { from: '2015', to: '2019' })],
    ['/timeline topic', slash('timeline', { topic: 'titan-api' })],
    ['/timeline pin', slash('timeline', { pin: true }, true)],
    ['/sources', slash('sources')],
    ['/help', slash('help')],
    ['/quote verbatim', slash('quote', { text: quote('verbatim') })],
    ['/quote close', slash('quote', { text: quote('close') })],
    ['/quote meaning', slash('quote', { text: quote('meaning') })],
    ['/quote not found', slash('quote', { text: quote('notfound') })],
    ['Check against sources', messageCommand(quote('close'))],
    ['autocomplete topic', autocomplete('claim', 'topic', 'inb')],
    ['Cite (button)', button('item|cite|claim.inbox-api-access')],
  ];
}

function isError(response: APIInteractionResponse): boolean {
  const content = 'data' in response && response.data && 'content' in response.data ? String(response.data.content ?? '') : '';
  return /something went wrong|I don't know that command|no longer active/.test(content);
}

// ---------------------------------------------------------------------------------------------------------
// Children: each prints one JSON line

async function childRun(dir: string, calls: number): Promise<Figures> {
  const [kase, loadMs] = time(() => loadCase({ dir }));
  const [search, buildMs] = time(() => buildSearch(kase));
  const after = memory();
  const bot: Bot = { case: kase, search, commands: await loadCommands() };

  const handlers: Figures = {};
  const errors: string[] = [];
  for (const [name, interaction] of scenarios()) {
    if (isError(respond(interaction, bot))) errors.push(name);
    warm(() => respond(interaction, bot));
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      respond(interaction, bot);
      times.push(performance.now() - started);
    }
    const s = summary(times);
    handlers[name] = { p50_ms: s.p50_ms, p99_ms: s.p99_ms };
  }

  const dev = readJsonl<{ q: string }>('dev.jsonl').map((d) => d.q);
  const mix = questionMix(kase, MIX_SIZE, DEFAULT_SEED, dev);
  const asks = mix.map((question) => slash('ask', { question }));
  let next = 0;
  warm(() => respond(asks[next++ % asks.length] as APIInteraction, bot));
  const times: number[] = [];
  let abstained = 0;
  for (let round = 0; times.length < calls; round++) {
    for (const a of asks) {
      const started = performance.now();
      const r = respond(a, bot);
      times.push(performance.now() - started);
      if (round === 0 && 'data' in r && r.data && !('embeds' in r.data && r.data.embeds?.length)) abstained++;
    }
  }

  // The search alone on the same mix (what the MiniSearch reference measures), for a like-for-like figure.
  const searchTimes: number[] = [];
  while (searchTimes.length < calls) {
    for (const q of mix) {
      const started = performance.now();
      search.search(q, { limit: 40 });
      searchTimes.push(performance.now() - started);
    }
  }

  // What planning changes: the planned top 10 against the exhaustive top 10, per question of the mix.
  let planned = 0;
  let top1 = 0;
  let overlap = 0;
  let compared = 0;
  const sample = kase.passages.length >= 50_000 ? mix.slice(0, 100) : mix;
  for (const q of sample) {
    const fast = search.search(q, { limit: 10 });
    if (fast.abstain) continue;
    const full = search.search(q, { limit: 10, plan: false });
    compared++;
    const ids = new Set(full.hits.map((h) => h.id));
    const same = fast.hits.filter((h) => ids.has(h.id)).length;
    if (fast.hits.map((h) => h.id).join() !== full.hits.map((h) => h.id).join()) planned++;
    if (fast.hits[0]?.id === full.hits[0]?.id) top1++;
    overlap += full.hits.length ? same / full.hits.length : 1;
  }

  return {
    passages: kase.passages.length,
    articles: kase.articles.size,
    facts: kase.facts.length,
    vocabulary: search.vocabulary.size,
    load_ms: round(loadMs, 1),
    build_ms: round(buildMs, 1),
    rss_mb: after.rss_mb,
    heap_mb: after.heap_mb,
    external_mb: after.external_mb,
    handlers,
    handler_errors: errors.join(', '),
    ask_mix: { ...summary(times), questions: mix.length, abstained },
    search_mix: summary(searchTimes),
    planner: {
      active: kase.passages.length + kase.facts.length >= PLAN.minDocs,
      compared,
      differs: planned,
      top1_agreement: compared ? round(top1 / compared, 3) : 1,
      overlap_at_10: compared ? round(overlap / compared, 3) : 1,
    },
  };
}

async function childReference(dir: string, calls: number): Promise<Figures> {
  const kase = loadCase({ dir });
  const docs = kase.passages.map((p) => ({ id: p.id, text: p.text }));
  const [index, buildMs] = time(() => {
    const ms = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
    ms.addAll(docs);
    return ms;
  });
  const after = memory();
  const dev = readJsonl<{ q: string }>('dev.jsonl').map((d) => d.q);
  const mix = questionMix(kase, MIX_SIZE, DEFAULT_SEED, dev);
  for (const q of mix.slice(0, 20)) index.search(q);
  const times: number[] = [];
  const started = performance.now();
  while (times.length < calls && (times.length < mix.length || performance.now() - started < REFERENCE_BUDGET_MS)) {
    for (const q of mix) {
      const t = performance.now();
      index.search(q);
      times.push(performance.now() - t);
      if (times.length >= calls) break;
    }
  }
  const [json, stringifyMs] = time(() => JSON.stringify(index));
  const [, loadJsonMs] = time(() => MiniSearch.loadJSON(json, { fields: ['text'] }));
  return {
    build_ms: round(buildMs, 1),
    rss_after_build_mb: after.rss_mb,
    heap_after_build_mb: after.heap_mb,
    ask_mix: summary(times),
    json_mb: round(Buffer.byteLength(json) / 1e6, 1),
    json_write_ms: round(stringifyMs, 1),
    json_load_ms: round(loadJsonMs, 1),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Parent

function runChild(kind: string, dir: string, calls: number): Figures {
  const result = spawnSync(process.execPath, ['--expose-gc', process.argv[1] as string, '--child', kind, '--dir', dir, '--calls', String(calls)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`bench: ${kind} child failed (${result.status}):\n${result.stderr}`);
  const last = result.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Figures;
}

function cliMedian(dir: string | null): number {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (dir) env.CORPUS_DIR = dir;
  else delete env.CORPUS_DIR;
  const times: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), '--json', '/timeline'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - started);
    if (r.status !== 0 || !r.stdout.startsWith('{')) throw new Error(`bench: the CLI failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  }
  return round(percentile([...times].sort((a, b) => a - b), 0.5), 1);
}

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

function measureSize(size: string, calls: number): Figures {
  const isCase = size === 'case';
  const figures: Figures = {};
  let dir = defaultCorpusDir();
  if (!isCase) {
    progress(`${size}: generating`);
    const made = synthesize({ passages: Number(size), outDir: join(BENCH_DIR, `corpus-${size}`) });
    dir = made.dir;
    figures.generate_ms = round(made.ms, 1);
    figures.corpus_mb = round(made.bytes / 1e6, 2);
  }
  progress(`${size}: run`);
  const run = runChild('run', dir, calls);
  progress(`${size}: reference`);
  const reference = runChild('reference', dir, calls);
  progress(`${size}: cli`);
  const cli = { built_ms: cliMedian(isCase ? null : dir) };
  const ours = (run.ask_mix as Figures).p99_ms as number;
  const theirs = ((reference.ask_mix as Figures).p99_ms as number) ?? NaN;
  const ours50 = (run.ask_mix as Figures).p50_ms as number;
  const theirs50 = (reference.ask_mix as Figures).p50_ms as number;
  return {
    ...figures,
    passages: run.passages as number,
    articles: run.articles as number,
    facts: run.facts as number,
    vocabulary: run.vocabulary as number,
    build_ms: run.build_ms as number,
    load_ms: run.load_ms as number,
    rss_mb: run.rss_mb as number,
    heap_mb: run.heap_mb as number,
    external_mb: run.external_mb as number,
    handlers: run.handlers as Figures,
    handler_errors: run.handler_errors as string,
    ask_mix: run.ask_mix as Figures,
    search_mix: run.search_mix as Figures,
    reference,
    speedup_p50: round(theirs50 / ours50, 1),
    speedup_p99: round(theirs / ours, 1),
    planner: run.planner as Figures,
    cli,
  };
}

function table(all: Record<string, Figures>): string {
  const sizes = Object.keys(all);
  const get = (f: Figures, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Figures)[k] : undefined), f);
  const rows: Array<[string, (f: Figures) => string]> = [];
  const num = (path: string, digits = 1) => (f: Figures) => {
    const v = get(f, path);
    return typeof v === 'number' ? (Number.isFinite(v) ? v.toFixed(digits) : '-') : v === undefined ? '-' : String(v);
  };
  const pair = (a: string, b: string, digits = 2) => (f: Figures) => `${num(a, digits)(f)} / ${num(b, digits)(f)}`;
  rows.push(['passages / facts', (f) => `${num('passages', 0)(f)} / ${num('facts', 0)(f)}`]);
  rows.push(['articles / vocabulary', (f) => `${num('articles', 0)(f)} / ${num('vocabulary', 0)(f)}`]);
  rows.push(['generate corpus (ms)', num('generate_ms')]);
  rows.push(['load + verify corpus (ms)', num('load_ms')]);
  rows.push(['index build (ms)', num('build_ms')]);
  rows.push(['RSS / heap after load and build (MB)', pair('rss_mb', 'heap_mb', 0)]);
  const handlerNames = Object.keys((all[sizes[0] as string]?.handlers as Figures) ?? {});
  for (const name of handlerNames) rows.push([`${name} p50 / p99 (ms)`, pair(`handlers.${name}.p50_ms`, `handlers.${name}.p99_ms`, 3)]);
  rows.push(['/ask mix p50 / p99 (ms)', pair('ask_mix.p50_ms', 'ask_mix.p99_ms', 3)]);
  rows.push(['/ask mix max (ms), calls', (f) => `${num('ask_mix.max_ms', 1)(f)}, ${num('ask_mix.calls', 0)(f)}`]);
  rows.push(['  search alone p50 / p99 (ms)', pair('search_mix.p50_ms', 'search_mix.p99_ms', 3)]);
  rows.push(['MiniSearch default p50 / p99 (ms)', pair('reference.ask_mix.p50_ms', 'reference.ask_mix.p99_ms', 3)]);
  rows.push(['MiniSearch default calls', num('reference.ask_mix.calls', 0)]);
  rows.push(['speed-up, /ask handler vs default search, p50 / p99', (f) => `${num('speedup_p50', 1)(f)}× / ${num('speedup_p99', 1)(f)}×`]);
  rows.push(['MiniSearch default build / JSON load (ms)', pair('reference.build_ms', 'reference.json_load_ms', 0)]);
  rows.push(['MiniSearch JSON size (MB)', num('reference.json_mb', 1)]);
  rows.push(['planner: active', (f) => String(get(f, 'planner.active'))]);
  rows.push(['planner: top-1 same / overlap@10', pair('planner.top1_agreement', 'planner.overlap_at_10', 3)]);
  rows.push(['CLI /timeline as a whole process (ms)', num('cli.built_ms')]);
  const head = ['', ...sizes];
  const body = rows.map(([label, fn]) => [label, ...sizes.map((s) => fn(all[s] as Figures))]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), line(head.map((_, i) => '-'.repeat(widths[i] as number))), ...body.map(line)].join('\n');
}

/** "case", "1k", "10k", "100k": keys that keep their order in JSON (integer-like keys would sort first). */
function label(size: string): string {
  const n = Number(size);
  return Number.isFinite(n) ? (n % 1000 === 0 ? `${n / 1000}k` : `${n}p`) : size;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, sizes: { type: 'string' }, calls: { type: 'string' }, child: { type: 'string' }, dir: { type: 'string' } },
  });
  // --quick (CI: the benchmark must not rot) times fewer calls; its figures are for a glance, not for the README.
  const calls = Number(values.calls ?? (values.quick ? 200 : 1000));
  if (!Number.isInteger(calls) || calls < 1) throw new Error(`bench: --calls must be a positive whole number, not "${values.calls}"`);
  if (values.child) {
    const dir = values.dir as string;
    const figures = values.child === 'run' ? await childRun(dir, calls) : await childReference(dir, calls);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const sizes = (values.sizes ?? (values.quick ? 'case,1000' : 'case,1000,10000,100000')).split(',');
  mkdirSync(BENCH_DIR, { recursive: true });
  const started = performance.now();
  const all: Record<string, Figures> = {};
  for (const size of sizes) all[label(size)] = measureSize(size, calls);
  const errors = Object.entries(all).filter(([, f]) => f.handler_errors).map(([s, f]) => `${s}: ${f.handler_errors}`);
  console.log(`Benchmark (node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${calls} calls per handler, ${Math.round((performance.now() - started) / 1000)} s)`);
  console.log(table(all));
  if (errors.length) console.log(`handlers that answered with an error: ${errors.join('; ')}`);
  console.log(JSON.stringify(all));
}

await main();
