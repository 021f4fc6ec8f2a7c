/**
 * Who says, claims or denies something in an article: the people it names (with the roles it gives them),
 * and the subject of a reporting verb, with "he"/"she", "it" and surnames resolved to the name the article
 * used last. `compromise` finds people; the project's rules find titles ("CEO Mark Zuckerberg"), appositives
 * ("Andy Stone, Meta's communications director,") and the names that recur. English only, no case words.
 */
import nlp from 'compromise';

export interface Speaker {
  /** As the article names it: "Andy Stone", "Meta", "The document", "the blog post". */
  name: string;
  /** The role the article gives a person, verbatim, or null. */
  role: string | null;
  person: boolean;
}

export const SPEECH_VERBS = 'said|says|say|stated|states|state|told|tells|tell|wrote|writes|added|adds|adding|explained|explains|explaining|responded|responds|replied|replies|noted|notes|argued|argues|commented|emphasized|emphasizing|emphasised|insisted|announced|confirmed|acknowledged|acknowledges|clarified|clarifies|shared';
export const CLAIM_VERBS = 'claim|claims|claimed|claiming|allege|alleges|alleged|alleging|assert|asserts|asserted|asserting|report|reports|reported|suggest|suggests|suggested|suggesting|indicate|indicates|indicated|reveal|reveals|revealed|accuse|accuses|accused|contend|contends|contended|maintain|maintains|maintained|says|said|stated|states';
export const DENIAL_VERBS = 'deny|denies|denied|denying|dispute|disputes|disputed|disputing|refute|refutes|refuted|reject|rejects|rejected|rebut|rebuts|rebutted|downplay|downplays|downplayed|downplaying';

const TITLE_WORDS = 'CEO|COO|CTO|CFO|VP|head|director|founder|co-founder|chief|spokesperson|spokesman|spokeswoman|president|chairman|chairwoman|chair|judge|attorney|lawyer|reporter|editor|analyst|owner|executive|manager|minister|senator|governor';
const NOT_NAME_WORDS = new Set(
  'The A An In On At By As Of To For With From About Into It Its This That These Those He She They His Her Their We Our I You Additionally Also However Meanwhile According While When Where After Before Notably Perhaps Beyond Such Many No Yes Clearly Citing Then Still Even Both Each Every Other Some Any What Which Who Why How January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' '),
);
const PRONOUNS_PERSON = /^(he|she|him|her)$/i;
const PRONOUNS_THING = /^(it|they|the two)$/i;

export interface Mention {
  at: number;
  speaker: Speaker;
}

/** Matches of `verbs` in `text` that are verbs: not "the report", "these claims", "a statement". */
export function verbMatches(text: string, verbs: string): RegExpMatchArray[] {
  return [...text.matchAll(new RegExp(`\\b(${verbs})\\b`, 'gi'))].filter(
    (m) => !/\b(?:the|a|an|these|this|those|its|his|her|their|such|any|no)\s+$/i.test(text.slice(Math.max(0, (m.index ?? 0) - 12), m.index)),
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const stripPossessive = (s: string) => s.replace(/[’']s$/, '');

/** The people, organisations and roles of one article, and what was mentioned where (for pronouns). */
export class Cast {
  readonly people = new Map<string, Speaker>();
  readonly mentions: Mention[] = [];

  constructor(readonly text: string) {
    const found = new Set<string>();
    for (const p of nlp(text).people().out('array') as string[]) {
      const name = stripPossessive(p.replace(/[,.;:]+$/, '').trim());
      if (name.split(/\s+/).length >= 2) found.add(name);
    }
    const titled = new RegExp(`\\b(?:${TITLE_WORDS})\\s+((?:[A-Z][a-z]+)(?:\\s+[A-Z][a-z]+){1,2})\\b`, 'g');
    for (const m of text.matchAll(titled)) found.add(m[1] as string);
    // A two-word capitalised name whose surname also stands alone elsewhere ("Elon Musk" ... "Musk's reactions").
    for (const m of text.matchAll(/\b([A-Z][a-z]+)[ \t]+([A-Z][a-z]+)\b/g)) {
      const [first, last] = [m[1] as string, m[2] as string];
      if (NOT_NAME_WORDS.has(first) || NOT_NAME_WORDS.has(last)) continue;
      const alone = [...text.matchAll(new RegExp(`\\b${last}\\b`, 'g'))].length;
      const full = [...text.matchAll(new RegExp(`\\b${first}[ \\t]+${last}\\b`, 'g'))].length;
      const firstAlone = [...text.matchAll(new RegExp(`\\b${first}\\b`, 'g'))].length - full;
      // A first word that also stands alone is an organisation ("Facebook Watch"), not a first name.
      if (alone > full && firstAlone < 2) found.add(`${first} ${last}`);
    }
    for (const name of found) {
      if (name.split(/\s+/).some((w) => NOT_NAME_WORDS.has(w))) continue;
      this.people.set(name, { name, role: this.roleOf(name), person: true });
    }
    for (const [name, speaker] of this.people) {
      const full = escapeRegExp(name);
      const last = escapeRegExp(name.split(/\s+/).at(-1) ?? name);
      for (const m of text.matchAll(new RegExp(`\\b${full}\\b|\\b${last}\\b`, 'g'))) this.mentions.push({ at: m.index ?? 0, speaker });
    }
    this.mentions.sort((a, b) => a.at - b.at);
  }

  /** The role the article gives `name`, verbatim: an appositive, a title before the name, "who was ...". */
  roleOf(name: string): string | null {
    const n = escapeRegExp(name);
    const after = new RegExp(`\\b${n},\\s+((?:[A-Z][\\w-]*[’']s|the|a|an|its|their|then-|one of)[^,.“”"]{3,70}?)[,.]`).exec(this.text);
    if (after) return after[1] as string;
    const before = new RegExp(`(?:^|[.,]\\s+)((?:[A-Z][\\w-]*[’']s|The|the|Its|His|Her|Their)\\s[^,.“”"]{3,60}?),\\s+${n}\\b`).exec(this.text);
    if (before) return before[1] as string;
    const title = new RegExp(`((?:then-)?(?:[A-Z][\\w-]*\\s+){0,2}(?:${TITLE_WORDS}))\\s+${n}\\b`).exec(this.text);
    if (title) return title[1] as string;
    const who = new RegExp(`\\b${n},\\s+who\\s+(?:is|was)\\s+(?:also\\s+)?([^,.]{3,60})`).exec(this.text);
    if (who) return who[1] as string;
    return null;
  }

  /** The person a surname or full name refers to. */
  person(word: string): Speaker | undefined {
    const w = stripPossessive(word.trim());
    for (const [name, speaker] of this.people) if (name === w || name.split(/\s+/).at(-1) === w) return speaker;
    return undefined;
  }

  /** The person mentioned last before `at`. */
  lastPerson(at: number): Speaker | undefined {
    let found: Speaker | undefined;
    for (const m of this.mentions) {
      if (m.at >= at) break;
      found = m.speaker;
    }
    return found;
  }
}

/** Remembers the last non-person subject, for "it" and "they". */
export class SubjectTrail {
  private last: { at: number; speaker: Speaker }[] = [];
  note(at: number, speaker: Speaker): void {
    if (!speaker.person) this.last.push({ at, speaker });
  }
  before(at: number): Speaker | undefined {
    return [...this.last].reverse().find((s) => s.at < at)?.speaker;
  }
}

const LEADING = /^(?:(?:in response|in other words|in summary|in short|additionally|also|however|meanwhile|notably|at that time|at the time|previously|earlier|later|still|yet|and|but|so|then|as)\b[,]?\s*)+/i;
const TRAILING = /(?:\s+(?:is|was|are|were|has|have|had|also|previously|allegedly|reportedly|himself|herself|itself|then|now|already|still|further|not|never|once|again|has also|had also|would|will|could|did|does|do))+\s*$/i;

/** Cleans the words before a verb into a subject, or undefined when none is there. */
export function subjectPhrase(before: string): string | undefined {
  let s = before.replace(/[“"][^“”"]*[”"]/g, ' ').replace(/\s+/g, ' ').trim();
  // The clause the verb belongs to: after the last comma, unless that leaves an appositive role.
  const parts = s.split(/,\s*/).filter(Boolean);
  if (parts.length > 1) {
    // The clause's subject: the last part that starts like one ("The complaint, filed in 2022, says").
    const subject = [...parts].reverse().find((p) => /^(?:[A-Z]|the\b|a\b|an\b)/.test(p) && !/^(?:who|which|that)\b/i.test(p));
    s = subject ?? (parts.at(-1) as string);
  }
  s = s.replace(/^.*\b(?:that|which|because|while|although|after|since|when)\s+/i, '');
  s = s.replace(LEADING, '').replace(TRAILING, '').trim();
  if (!s || s.split(/\s+/).length > 8) return undefined;
  // A clause, not a noun phrase ("this isn't the first time Meta has been"): no subject to name.
  if (/\b(?:is|isn[’']t|was|wasn[’']t|are|were|been|be|will|would)\b|[’']t\b/i.test(s)) return undefined;
  if (/^(?:to|for|with|from|in|on|of|by|about|adding|saying)\b/i.test(s)) return undefined;
  return s;
}

/** Resolves a subject phrase at article offset `at` to a speaker. */
export function resolveSpeaker(phrase: string, at: number, cast: Cast, trail: SubjectTrail): Speaker | undefined {
  const p = phrase.trim();
  if (PRONOUNS_PERSON.test(p)) return cast.lastPerson(at);
  if (PRONOUNS_THING.test(p)) {
    if (/^the two$/i.test(p)) {
      const two = cast.mentions.filter((m) => m.at < at).slice(-2).map((m) => m.speaker.name);
      if (two.length === 2 && two[0] !== two[1]) return { name: `${two[0]} and ${two[1]}`, role: null, person: true };
    }
    return trail.before(at);
  }
  const person = cast.person(p) ?? [...cast.people.values()].find((s) => p.includes(s.name));
  if (person) return person;
  return { name: p.replace(/^As\s+/, ''), role: null, person: false };
}
