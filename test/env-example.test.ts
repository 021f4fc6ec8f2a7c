/** `.env.example` is the documentation of the configuration: it must name every variable the schema reads. */
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, readConfig } from '../src/config.js';

const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

describe('.env.example', () => {
  it('GIVEN the config schema THEN .env.example lists exactly its variables, each with a comment above it', () => {
    const listed = Object.keys(parse(example));
    expect(listed.sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
    const lines = example.split('\n');
    for (const name of listed) {
      const at = lines.findIndex((line) => line.startsWith(`${name}=`));
      const above = lines.slice(0, at).reverse().find((line) => !/^[A-Z_]+=/.test(line));
      expect(above, `${name} has a comment above it`).toMatch(/^#/);
    }
  });

  it('GIVEN .env.example copied as is THEN the configuration loads with no secrets set (offline mode)', () => {
    const config = readConfig(parse(example));
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.DISCORD_API_URL).toBe('https://discord.com/api');
  });
});
