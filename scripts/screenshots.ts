/**
 * `npm run screenshots`: the first replies of the commands people use most, drawn as Discord draws them
 * (`@skyra/discord-components-core` web components in headless Chromium) at a desktop and a phone width; writes
 * PNGs and prints each reply's rendered height against the budget (800 px desktop, 1,400 px phone). Exits 1 when a
 * reply is over budget. Debian's `chromium` is installed with apt-get when missing. No network beyond 127.0.0.1:
 * the components and their `lit` dependencies are served from node_modules.
 *
 * `--out DIR` (default docs/screenshots): the named replies go there, the dev questions' /ask replies into
 * DIR/ask/ (not committed). `--only NAME` renders the replies whose name contains NAME.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { ApplicationCommandOptionType, ApplicationCommandType, ComponentType, InteractionType, type APIEmbed, type APIInteraction, type APIInteractionResponse } from 'discord-api-types/v10';
import { packageRoot } from '../src/corpus/case.js';
import { loadBot, type Bot } from '../src/core/bot.js';
import { respond } from '../src/core/respond.js';
import { isEntryPoint } from '../src/entry.js';

const CHROMIUM = '/usr/bin/chromium';
/** Discord's chat pane in a 1280 px window (server list 72 px and channel list 240 px beside it), and a phone. */
export const WIDTHS = { desktop: { window: 1280, pane: 968 }, phone: { window: 390, pane: 390 } } as const;
export const HEIGHT_BUDGET = { desktop: 800, phone: 1400 } as const;

export interface Shot {
  name: string;
  /** The command as typed, for the reply header. */
  command: string;
  response: APIInteractionResponse;
}

function interaction(name: string, options: Record<string, string | boolean>): APIInteraction {
  return {
    id: '1', application_id: '2', type: InteractionType.ApplicationCommand, token: 'screenshot', version: 1, channel_id: '3', app_permissions: '0', locale: 'en-US',
    entitlements: [], authorizing_integration_owners: {}, user: { id: '4', username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null },
    data: {
      id: '5', name, type: ApplicationCommandType.ChatInput,
      options: Object.entries(options).map(([n, value]) => (typeof value === 'boolean' ? { name: n, type: ApplicationCommandOptionType.Boolean, value } : { name: n, type: ApplicationCommandOptionType.String, value })),
    },
  } as unknown as APIInteraction;
}

/** The replies the issue's budget is about: each listed command, then /ask over the dev questions. */
export function shots(bot: Bot): Shot[] {
  const shot = (name: string, command: string, options: Record<string, string | boolean> = {}): Shot => ({
    name,
    command: `/${command}${Object.entries(options).map(([k, v]) => ` ${k}:${v}`).join('')}`,
    response: respond(interaction(command, options), bot),
  });
  const list: Shot[] = [
    shot('help', 'help'),
    shot('money', 'money'),
    shot('timeline', 'timeline'),
    shot('timeline-2018-2019', 'timeline', { from: '2018', to: '2019' }),
    shot('claim', 'claim'),
    shot('claim-inbox-api', 'claim', { topic: 'inbox-api' }),
    shot('denial', 'denial'),
    shot('sources', 'sources'),
    shot('quote-verbatim', 'quote', { text: "Meta didn't share people's private messages with Netflix" }),
    shot('quote-close', 'quote', { text: 'Meta is denying claims that it provided Netflix with access to users’ private messages.' }),
    shot('quote-meaning', 'quote', { text: 'By 2015, Netflix was reportedly spending $45 million on Facebook ads' }),
    shot('quote-notfound', 'quote', { text: 'Engineers secretly built the API for a rival in 2012.' }),
  ];
  // Details one press away (ephemeral, for the presser): a claim opened from the menu, and its Cite.
  const press = (name: string, command: string, customId: string, values?: string[]): Shot => ({
    name,
    command,
    response: respond({ ...interaction(command, {}), type: InteractionType.MessageComponent, data: { custom_id: customId, component_type: values ? 3 : 2, ...(values ? { values } : {}) } } as unknown as APIInteraction, bot),
  });
  const firstClaim = bot.case.facts.find((f) => f.kind === 'claim');
  if (firstClaim) {
    list.push(press('claim-opened', 'claim', 'item|open|claim|1', [firstClaim.id]));
    list.push(press('cite', 'claim', `item|cite|${firstClaim.id}`));
  }
  const dev = readFileSync(join(packageRoot(), 'test', 'fixtures', 'eval', 'dev.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
  // The README shows one /ask reply at the top level; every dev question's goes into ask/.
  list.push(shot('ask', 'ask', { question: "did netflix read people's facebook messages?" }));
  // Two declines of this round: a name the sources never mention, and a count they never give.
  list.push(shot('ask-decline-name', 'ask', { question: 'did netflix get fined by the ftc over the dms' }));
  list.push(shot('ask-decline-count', 'ask', { question: "how many ppl's dms did netflix actually read" }));
  list.push(shot('ask-bylines', 'ask', { question: 'who wrote these articles?' }));
  dev.forEach((q, i) => list.push(shot(`ask/${String(i + 1).padStart(2, '0')}`, 'ask', { question: q })));
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// Discord markdown → the components' HTML (the subset our replies use)

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline markdown: escapes, code, bold, italic, masked links, bare links, command mentions. */
export function inline(text: string): string {
  const kept: string[] = [];
  const keep = (s: string) => `\u0000${kept.push(s) - 1}\u0000`;
  let out = text
    .replace(/\\([^\p{L}\p{N}\s])/gu, (_m, ch: string) => keep(html(ch)))
    .replace(/`([^`]+)`/g, (_m, code: string) => keep(`<discord-code>${html(code)}</discord-code>`))
    .replace(/<\/([\w-]+):\d+>/g, (_m, name: string) => keep(`<discord-mention type="slash">${html(name)}</discord-mention>`))
    .replace(/\[([^\]]+)\]\(<?(https?:[^)>\s]+)>?\)/g, (_m, label: string, url: string) => keep(`<discord-link href="${html(url)}">${html(label)}</discord-link>`));
  out = html(out)
    .replace(/(https?:\/\/[^\s<]+)/g, (url) => `<discord-link href="${url}">${url}</discord-link>`)
    .replace(/\*\*(.+?)\*\*/g, '<discord-bold>$1</discord-bold>')
    .replace(/(^|[^*])\*([^*\s][^*]*?)\*/g, '$1<discord-italic>$2</discord-italic>');
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)] ?? '');
}

/** Block markdown: consecutive `> ` lines become one quote block; other lines are joined by line breaks. */
export function markdown(text: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length) out.push(`<discord-quote>${quote.join('<br>')}</discord-quote>`);
    quote = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('> ')) {
      quote.push(inline(line.slice(2)));
      continue;
    }
    flush();
    out.push(line.startsWith('-# ') ? `<small>${inline(line.slice(3))}</small><br>` : `${inline(line)}<br>`);
  }
  flush();
  return out.join('').replace(/(<br>)+$/, '');
}

const hex = (color: number | undefined) => (color === undefined ? '' : ` color="#${color.toString(16).padStart(6, '0')}"`);

function embedHtml(embed: APIEmbed): string {
  const title = embed.title ? ` embed-title="${html(embed.title)}"` : '';
  const fields = embed.fields?.length
    ? `<discord-embed-fields slot="fields">${embed.fields.map((f) => `<discord-embed-field field-title="${html(f.name)}"${f.inline ? ' inline' : ''}>${markdown(f.value)}</discord-embed-field>`).join('')}</discord-embed-fields>`
    : '';
  const footer = embed.footer ? `<discord-embed-footer slot="footer">${html(embed.footer.text)}</discord-embed-footer>` : '';
  const description = embed.description ? `<discord-embed-description slot="description">${markdown(embed.description)}</discord-embed-description>` : '';
  return `<discord-embed slot="embeds"${hex(embed.color)}${title}${embed.url ? ` url="${html(embed.url)}"` : ''}>${description}${fields}${footer}</discord-embed>`;
}

/** A plain disc for the avatar (the components' default avatars are on Discord's CDN, which is not reachable). */
const AVATAR = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="20" fill="#5865f2"/></svg>')}`;

const BUTTON_TYPES: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'destructive', 5: 'secondary' };

/** A reply as one `<discord-message>` (with the "used /command" header Discord draws above it). */
export function messageHtml(shot: Shot): string {
  const data = 'data' in shot.response && shot.response.data ? shot.response.data : {};
  const d = data as unknown as { content?: string; embeds?: APIEmbed[]; components?: { components: Record<string, unknown>[] }[]; flags?: number };
  const rows = (d.components ?? []).map((row) => {
    const parts = row.components.map((c) => {
      if (c.type === ComponentType.Button) {
        const url = typeof c.url === 'string' ? ` url="${html(c.url)}"` : '';
        return `<discord-button type="${BUTTON_TYPES[Number(c.style)] ?? 'secondary'}"${url}${c.disabled ? ' disabled' : ''}>${html(String(c.label ?? ''))}</discord-button>`;
      }
      return `<discord-string-select-menu placeholder="${html(String(c.placeholder ?? 'Choose'))}"></discord-string-select-menu>`;
    });
    return `<discord-action-row>${parts.join('')}</discord-action-row>`;
  });
  const components = rows.length ? `<discord-attachments slot="components">${rows.join('')}</discord-attachments>` : '';
  const ephemeral = (d.flags ?? 0) & 64 ? ' ephemeral' : '';
  return (
    `<discord-message author="Sources bot" avatar="${AVATAR}" bot${ephemeral}>` +
    `<discord-command slot="reply" author="Reader" command="${html(shot.command.slice(0, 60))}"></discord-command>` +
    `${d.content ? markdown(d.content) : ''}${(d.embeds ?? []).map(embedHtml).join('')}${components}</discord-message>`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Serving the components, and the browser

const MODULES = join(packageRoot(), 'node_modules');
const IMPORTS = {
  lit: '/m/lit/index.js',
  'lit/': '/m/lit/',
  'lit-html': '/m/lit-html/lit-html.js',
  'lit-html/': '/m/lit-html/',
  'lit-element': '/m/lit-element/index.js',
  'lit-element/': '/m/lit-element/',
  '@lit/reactive-element': '/m/@lit/reactive-element/reactive-element.js',
  '@lit/reactive-element/': '/m/@lit/reactive-element/',
  '@lit/context': '/m/@lit/context/index.js',
  '@lit/context/': '/m/@lit/context/',
  '@skyra/discord-components-core': '/m/@skyra/discord-components-core/dist/index.js',
};

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">${JSON.stringify({ imports: IMPORTS })}</script>
<style>html,body{margin:0;background:#313338;font-family:'gg sans','Noto Sans','DejaVu Sans',sans-serif}#root{width:var(--pane)}</style>
<script type="module">import '@skyra/discord-components-core'; window.componentsReady = true;</script>
</head><body><div id="root"></div></body></html>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const file = normalize(join(MODULES, path.replace(/^\/m\//, '')));
    if (!path.startsWith('/m/') || !file.startsWith(MODULES) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The verdict emoji (✅ ❌ ⚠️ 🟡) need a colour emoji font, or they are drawn as empty boxes. */
const EMOJI_FONT = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';

function ensureChromium(): void {
  if (existsSync(CHROMIUM) && existsSync(EMOJI_FONT)) return;
  process.stderr.write('chromium or its emoji font is missing: installing Debian\'s packages with apt-get…\n');
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core', 'fonts-noto-color-emoji']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`screenshots: apt-get ${args.join(' ')} failed (exit ${run.status}); install chromium by hand`);
  }
}

export interface Measured {
  name: string;
  desktop: number;
  phone: number;
}

export async function renderShots(list: Shot[], out: string): Promise<Measured[]> {
  ensureChromium();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'screenshots-profile-'));
  const server = await serve();
  const port = (server.address() as AddressInfo).port;
  // A fresh profile each run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    deviceScaleFactor: 1,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const measured: Measured[] = [];
  try {
    const pages = {} as Record<keyof typeof WIDTHS, import('playwright-core').Page>;
    for (const [kind, width] of Object.entries(WIDTHS) as [keyof typeof WIDTHS, (typeof WIDTHS)[keyof typeof WIDTHS]][]) {
      const page = await browser.newPage();
      await page.setViewportSize({ width: width.window, height: 900 });
      // Nothing but the local server: any other request is refused.
      await page.route(/^(?!http:\/\/127\.0\.0\.1:\d+\/)/, (route) => route.abort());
      await page.goto(`http://127.0.0.1:${port}/`);
      // Browser-side code is passed as text: this project compiles without the DOM's types.
      await page.waitForFunction('window.componentsReady === true');
      await page.evaluate(`document.documentElement.style.setProperty('--pane', '${width.pane}px')`);
      pages[kind] = page;
    }
    for (const shot of list) {
      const heights = { desktop: 0, phone: 0 };
      for (const kind of Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]) {
        const page = pages[kind];
        await page.evaluate(`document.getElementById('root').innerHTML = ${JSON.stringify(`<discord-messages>${messageHtml(shot)}</discord-messages>`)}`);
        // Lit renders asynchronously: wait until every element has finished its update, then a frame.
        await page.evaluate(`Promise.all([...document.querySelectorAll('#root *')].map((e) => e.updateComplete)).then(() => new Promise((r) => requestAnimationFrame(r)))`);
        const message = page.locator('#root discord-message');
        const box = await message.boundingBox();
        heights[kind] = Math.round(box?.height ?? 0);
        const file = join(out, `${shot.name}-${kind}.png`);
        mkdirSync(join(file, '..'), { recursive: true });
        await page.locator('#root').screenshot({ path: file });
      }
      measured.push({ name: shot.name, ...heights });
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return measured;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(packageRoot(), 'docs', 'screenshots') }, only: { type: 'string' } } });
  const bot = await loadBot();
  const list = shots(bot).filter((s) => !values.only || s.name.includes(values.only));
  const measured = await renderShots(list, values.out as string);
  let over = 0;
  process.stdout.write(`reply                      desktop (≤ ${HEIGHT_BUDGET.desktop})  phone (≤ ${HEIGHT_BUDGET.phone})\n`);
  for (const m of measured) {
    const bad = m.desktop > HEIGHT_BUDGET.desktop || m.phone > HEIGHT_BUDGET.phone;
    if (bad) over++;
    process.stdout.write(`${m.name.padEnd(26)} ${String(m.desktop).padStart(6)} px ${String(m.phone).padStart(12)} px${bad ? '   OVER BUDGET' : ''}\n`);
  }
  const max = (k: 'desktop' | 'phone') => Math.max(...measured.map((m) => m[k]));
  process.stdout.write(`${measured.length} replies; tallest ${max('desktop')} px desktop, ${max('phone')} px phone; ${over} over budget. PNGs in ${values.out}\n`);
  return over ? 1 : 0;
}

if (isEntryPoint(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`screenshots failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
