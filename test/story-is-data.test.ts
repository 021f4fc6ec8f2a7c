/**
 * The story is data: the code would serve another case's corpus unchanged. No name of a person,
 * organisation, product or document of this case (corpus/vocabulary.json) appears in the code of `src/` or
 * `commands/` outside comments. Comments may use the story for examples.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCorpusDir, loadCase, packageRoot } from '../src/corpus/case.js';

const root = packageRoot();
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Source text without its comments (and without `import.meta`, which is JavaScript, not the company). */
const withoutComments = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/\bimport\.meta\b/g, '');

/** The names found in the code of a source text, whole words, any case. */
const namesIn = (text: string, names: readonly string[]) => {
  const code = withoutComments(text);
  return names.filter((name) => new RegExp(`(^|[^\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]")}($|[^\\p{L}\\p{N}])`, 'iu').test(code));
};

// Aliases that are also ordinary English words the code uses as words ("watch" a folder, the X of a position):
// the case's own names around them ("Facebook Watch", "Andy Stone") are still checked.
const ORDINARY = new Set(['watch', 'stone', 'helm', 'x']);

describe('the story is data', () => {
  const names = loadCase({ dir: defaultCorpusDir() }).vocabulary.entities.flatMap((e) => [e.name, ...e.aliases]).filter((n) => !ORDINARY.has(n.toLowerCase()));

  it('GIVEN the vocabulary WHEN read THEN it names the people and organisations a check can look for (else this test checks nothing)', () => {
    expect(names.length).toBeGreaterThan(20);
    expect(names).toContain('Netflix');
  });

  it('GIVEN the code of src/ and commands/ WHEN searched for every name of the case THEN none is found outside comments', () => {
    const found: string[] = [];
    for (const file of [...walk(join(root, 'src')), ...walk(join(root, 'commands'))]) {
      for (const name of namesIn(readFileSync(file, 'utf8'), names)) found.push(`${relative(root, file)}: ${name}`);
    }
    expect(found).toEqual([]);
  });

  it('GIVEN code naming the case in a string, and a comment naming it THEN the string is found and the comment is not (the check can fail)', () => {
    expect(namesIn("const title = 'the Meta/Netflix story';", names)).toEqual(expect.arrayContaining(['Meta', 'Netflix']));
    expect(namesIn('// Netflix, in a comment\n/** and Zuckerberg in a doc comment */\nconst url = import.meta.url;', names)).toEqual([]);
    expect(namesIn("const who = 'Facebook’s parent company';", names)).toContain('Facebook');
  });
});
