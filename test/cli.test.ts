import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerLine, parseCommandLine } from '../src/cli.js';
import { defaultCorpusDir, packageRoot } from '../src/corpus/case.js';
import { loadBot, type Bot } from '../src/core/bot.js';
import { respond } from '../src/core/respond.js';
import { contentOf, embedsOf, expectDiscordSafe, isEphemeralReply, slash } from './support/interactions.js';

const cli = join(packageRoot(), 'dist', 'src', 'cli.js');
const run = (args: string[], input = '', env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });

let bot: Bot;
beforeAll(async () => {
  bot = await loadBot();
});

describe('command-line syntax', () => {
  const options = (line: string) => {
    const parsed = parseCommandLine(line, bot.commands);
    if ('error' in parsed) throw new Error(parsed.error);
    return Object.fromEntries((parsed.data.options ?? []).map((o) => [o.name, 'value' in o ? o.value : undefined]));
  };

  it('GIVEN values with spaces, colons and other words followed by ":" THEN only the command\'s own option names split', () => {
    expect(options('/quote text:Note: the filing says: yes, really')).toEqual({ text: 'Note: the filing says: yes, really' });
    expect(options('/timeline to:2018 topic:ad spend: 2017 from:2015')).toEqual({ to: '2018', topic: 'ad spend: 2017', from: '2015' });
  });

  it('GIVEN a boolean option THEN true/false are read, anything else is an error', () => {
    expect(options('/timeline pin:true')).toEqual({ pin: true });
    expect(parseCommandLine('/timeline pin:maybe', bot.commands)).toEqual({ error: '`pin` takes true or false.' });
  });

  it('GIVEN a command with one text option and bare text THEN the text is that option', () => {
    expect(options('/ask what is the titan api?')).toEqual({ question: 'what is the titan api?' });
  });

  it('GIVEN the same command THEN the CLI and a Discord interaction get the same answer', () => {
    const viaCli = answerLine(bot, '/money topic:fines');
    expect(viaCli).toEqual(respond(slash('money', { topic: 'fines' }), bot));
  });

  it.each([
    ['', /^Empty line: type a command/],
    ['   ', /^Empty line: type a command/],
    ['hello', /^A command starts with "\/"/],
    ['/', /^A command starts with "\/"/],
    ['/nope', /^Unknown command \/nope\./],
    ['/claim bogus text', /^None of the claims in my sources are about bogus text\. Topics I can answer: `/],
    ['/timeline pin:perhaps', /^`pin` takes true or false\./],
  ])('GIVEN the bad line %j THEN an ephemeral reply saying what is wrong (%s)', (line, says) => {
    const r = answerLine(bot, line);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toMatch(says);
    expectDiscordSafe(r);
  });
});

describe('the offline CLI process', () => {
  it('GIVEN lines on stdin including bad ones WHEN --json THEN exactly one JSON line per input line, in order, exit 0', () => {
    const lines = [
      '/help',
      '',
      '/nope',
      'garbage without slash',
      '/timeline from:2015 to:2018',
      '/quote text:Meta said: no, it did not: really',
      '@everyone <@123456789012345678> hi',
      `/ask question:${'x'.repeat(6000)}`,
      '/claim topic:inbox-api extra:thing',
      '/ask \u202Eevil\u202C inbox api',
    ];
    const result = run(['--json'], lines.join('\n') + '\n');
    expect(result.status).toBe(0);
    const out = result.stdout.split('\n').filter((l) => l !== '');
    expect(out).toHaveLength(lines.length);
    const replies = out.map((l) => JSON.parse(l));
    for (const reply of replies) {
      expect(reply.type).toBe(4);
      expect(reply.data.allowed_mentions).toEqual({ parse: [] });
      expectDiscordSafe(reply);
    }
    expect(isEphemeralReply(replies[0])).toBe(false);
    expect(isEphemeralReply(replies[1])).toBe(true);
    expect(embedsOf(replies[4])[0]?.title).toContain('from 2015 to 2018');
  });

  it('GIVEN one command as an argument WHEN --json THEN the exact interaction response on one line', () => {
    const result = run(['--json', '/money']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual(answerLine(bot, '/money'));
  });

  it('GIVEN a command WHEN run as text THEN a readable reply with the quotes', () => {
    const result = run(['/money', 'topic:fines']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('> “In 2022, Meta was also fined a hefty sum of $284 million for leaking data of more than half a billion users.” `001#p8`');
    // The article is named once, in the legend, with its link.
    expect(result.stdout).toContain('Sources: `001` [Giant Freakin Robot](<https://www.giantfreakinrobot.com/');
  });

  it('GIVEN npm run -s ask WHEN asked THEN nothing but the reply is printed', () => {
    const result = spawnSync('npm', ['run', '-s', 'ask', '--', '--json', '/help'], { cwd: packageRoot(), encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).type).toBe(4);
  });

  it('GIVEN a corrupted corpus WHEN the CLI starts THEN it exits 1 naming the file and the fact, printing no reply', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    try {
      cpSync(defaultCorpusDir(), dir, { recursive: true });
      const path = join(dir, 'facts', 'denials.json');
      writeFileSync(path, readFileSync(path, 'utf8').replace('He stated, “Shockingly untrue.', 'He stated, “Shockingly true.'));
      const result = run(['--json', '/help'], '', { CORPUS_DIR: dir });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('facts/denials.json');
      expect(result.stderr).toContain('denial.meta-denies-netflix-message-access');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
