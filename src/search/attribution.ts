/**
 * Who said it. For words found in a passage, `/quote` tells the reader whose words they are and whose
 * claim the sentence presents them as, from two places:
 * - the structured facts: a fact whose citation covers the words gives its `speaker` (for words inside
 *   quotation marks) and its claimant or denier (whose claim it is);
 * - otherwise the sentence and its neighbours: a speech verb next to the quotation ("He stated, “…”",
 *   "“…,” the blog post stated") and, for a pronoun, the nearest named person before it.
 * Unknown stays unknown: when neither says, no speaker is guessed.
 *
 * Everything here is English grammar (speech verbs, pronouns, capitalised names); the names themselves come
 * from the corpus, so another case's articles work unchanged.
 */
import type { Case, Passage, ResolvedFact } from '../corpus/case.js';
import type { SourceId } from '../corpus/schema.js';

/** A quotation in a passage: offsets of its opening and closing marks in `passage.text`. */
export interface Quotation {
  open: number;
  close: number;
}

/** A span of `passage.text` (relative offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** Who the sources say spoke or wrote some words. */
export interface SpeakerRef {
  /** As the source gives it: "Andy Stone", "the blog post", "Meta". */
  name: string;
  /** "Meta's communications director"; `null` when the sources give none. */
  role: string | null;
  /** The organisation spoken for, when known. */
  for: string | null;
  /** `fact`: from a curated fact's speaker field; `sentence`: read from the sentence and its neighbours. */
  how: 'fact' | 'sentence';
}

/** What the sources say about whose words some matched text is. */
export interface Attribution {
  /** True when the words sit inside quotation marks in the article (someone is being quoted). */
  quoted: boolean;
  /** For quoted words: who is quoted; `null` when the sources do not say. */
  speaker: SpeakerRef | null;
  /** Whose claim the sentence presents the words as (the lawsuit, Meta...), when it says. */
  claimOf: string | null;
  /** Whether `claimOf` makes a claim or a denial (a denial's author is not "claiming"). */
  claimKind: 'claim' | 'denial' | null;
  /** The quotation the words are in, when quoted. */
  quotation: Quotation | null;
}

/** A person or organisation the case knows by name, with other names for it. */
export interface Actor {
  name: string;
  /** Other names for the same actor (the lead's vocabulary adds these; the facts give none). */
  aliases: string[];
}

const SPEECH_VERBS =
  'said|says|say|stated|states|state|wrote|writes|told|tells|added|adds|adding|explained|explains|noted|notes|tweeted|posted|commented|declared|insisted|argued|replied|responded|emphasized|emphasised|clarified|remarked|announced|claimed|claims|asserted|asserts|alleged|alleges|continued|concluded';
const REPORTING_VERBS =
  'claims|claimed|claim|asserts|asserted|alleges|alleged|reveals|revealed|indicates|indicated|says|said|states|stated|reported|reports|suggests|suggested|shows|showed|argues|argued|contends|maintains|notes|noted|explains|explained|clarified|acknowledges|acknowledged|denies|denied|insists|insisted';
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i']);
const PERSON_PRONOUNS = new Set(['he', 'she']);

/** A capitalised name: one or more capitalised words ("Andy Stone", "Fox Business"). */
const NAME = String.raw`[\p{Lu}][\p{L}’'.-]*(?:\s+[\p{Lu}][\p{L}’'.-]*)*`;
const PERSON = String.raw`[\p{Lu}][\p{L}’'.-]+(?:\s+[\p{Lu}][\p{L}’'.-]+)+`;

/** Quotation marks of a passage, paired in order; a straight `"` opens or closes by position. */
export function quotationsOf(text: string): Quotation[] {
  const out: Quotation[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '“' && open === -1) open = i;
    else if (ch === '”' && open !== -1) {
      out.push({ open, close: i });
      open = -1;
    } else if (ch === '"') {
      if (open === -1) open = i;
      else {
        out.push({ open, close: i });
        open = -1;
      }
    }
  }
  return out;
}

/** Sentences of a passage, never split inside a quotation (a quoted statement of several sentences is one). */
export function sentencesOf(text: string, quotations: readonly Quotation[] = quotationsOf(text)): Span[] {
  const cuts = [0];
  for (const match of text.matchAll(/[.!?]["”’)]*\s+(?=["“‘(]?[\p{Lu}\d$])/gu)) {
    const at = (match.index ?? 0) + match[0].length;
    if (!quotations.some((q) => q.open < at && at <= q.close)) cuts.push(at);
  }
  cuts.push(text.length);
  const out: Span[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] as number;
    const end = start + text.slice(start, cuts[i + 1]).trimEnd().length;
    if (end > start) out.push({ start, end });
  }
  return out;
}

const verbAt = (verbs: string) => new RegExp(String.raw`\b(?:${verbs})\b`, 'iu');
const SPEECH = verbAt(SPEECH_VERBS);

/** "Meta’s communications director" → as given; trims stray punctuation around a captured phrase. */
const tidy = (phrase: string): string => phrase.replace(/^[\s,;:]+|[\s,;:.]+$/g, '');

/** Words that mark a phrase as a clause rather than a subject ("Meta denies claims that …": "claims" is a noun). */
const VERB_WORD = new RegExp(String.raw`\b(?:${SPEECH_VERBS}|${REPORTING_VERBS})\b`, 'iu');

/** The named person a sentence starts with, and the role beside it ("Andy Stone, Meta’s communications director, …"). */
function namedSubject(sentence: string, personOnly: boolean): { name: string; role: string | null } | null {
  const nameRole = new RegExp(String.raw`^(${PERSON}),\s+([^,]{3,80}?),\s`, 'u').exec(sentence);
  if (nameRole) return { name: nameRole[1] as string, role: tidy(nameRole[2] as string) };
  const roleName = new RegExp(String.raw`^([^,]{3,80}?),\s+(${PERSON}),\s`, 'u').exec(sentence);
  if (roleName) return { name: roleName[2] as string, role: tidy(roleName[1] as string) };
  const person = new RegExp(String.raw`^(${PERSON})\s+\p{Ll}`, 'u').exec(sentence);
  if (person) return { name: person[1] as string, role: null };
  if (personOnly) return null;
  const thing = new RegExp(String.raw`^(?:[^,]{0,40},\s*)?((?:the|a|an|this|that)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?|${NAME})\s+(?:also\s+)?(?:${REPORTING_VERBS})\b`, 'iu').exec(sentence);
  return thing ? { name: thing[1] as string, role: null } : null;
}

/** Resolves "he", "it"... to the nearest named subject in the sentences before `before` (same passage). */
function resolvePronoun(text: string, pronoun: string, before: number): { name: string; role: string | null } | null {
  const sentences = sentencesOf(text).filter((s) => s.end <= before).reverse();
  for (const s of sentences) {
    const found = namedSubject(text.slice(s.start, s.end), PERSON_PRONOUNS.has(pronoun));
    if (found && !PRONOUNS.has(found.name.toLowerCase())) return found;
  }
  return null;
}

/** A subject phrase as the article gives it, or the named subject a pronoun stands for. */
function subject(text: string, phrase: string, at: number): { name: string; role: string | null } | null {
  const name = tidy(phrase)
    .replace(/^(?:as|when|after|while|and|but)\s+/i, '')
    .replace(/\s+(?:also|previously|reportedly|then|further|later|once)$/i, '');
  // A relative pronoun ("…,” which claims") names nobody.
  if (!name || name.split(/\s+/).length > 5 || VERB_WORD.test(name) || /^(?:which|that|who|what)$/i.test(name)) return null;
  if (PRONOUNS.has(name.toLowerCase())) return resolvePronoun(text, name.toLowerCase(), at);
  return { name, role: null };
}

/**
 * Who the sentence around a quotation says is speaking: a speech verb after it ("…,” the blog post
 * stated) or before it ("He stated, “…"), "adding, “…" continuing the previous quotation's speaker, or the
 * subject of a reporting verb ("The document claims that … “Titan API,” …"). `null` when none says.
 */
export function quotationSpeaker(text: string, quotation: Quotation, quotations: readonly Quotation[] = quotationsOf(text)): SpeakerRef | null {
  const sentence = sentencesOf(text, quotations).find((s) => s.start <= quotation.open && quotation.open < s.end) ?? { start: 0, end: text.length };
  const after = text.slice(quotation.close + 1, sentence.end);
  const before = text.slice(sentence.start, quotation.open);
  const ref = (found: { name: string; role: string | null } | null): SpeakerRef | null => (found ? { ...found, for: null, how: 'sentence' } : null);

  const trailing = new RegExp(String.raw`^\s*[,.]?\s*((?:the\s+)?[\p{L}’' -]{1,50}?)\s+(?:${SPEECH_VERBS})\b`, 'iu').exec(after);
  if (trailing && !SPEECH.test(trailing[1] as string)) return ref(subject(text, trailing[1] as string, quotation.open));
  const inverted = new RegExp(String.raw`^\s*[,.]?\s*(?:${SPEECH_VERBS})\s+(${NAME})`, 'u').exec(after);
  if (inverted) return ref({ name: inverted[1] as string, role: null });

  // A quoted title or name ("a blog post titled “…”") is nobody's speech.
  if (/\b(?:titled|entitled|called|named|dubbed)\s*$/iu.test(before)) return null;
  if (/\b(?:adding|added|continuing|continued)\s*[,:]?\s*$/iu.test(before)) {
    const previous = [...quotations].reverse().find((q) => q.close < quotation.open);
    if (previous) return quotationSpeaker(text, previous, quotations);
  }
  const leading = new RegExp(String.raw`(?:^|[,;]\s*|\b(?:as|when|after|while)\s+)([^,;“”"]{1,60}?)\s+(?:\p{L}+ly\s+)?(?:${SPEECH_VERBS})(?:\s+[^,;“”"]{1,40}?)?\s*[,:]?\s*$`, 'iu').exec(before);
  if (leading) return ref(subject(text, leading[1] as string, sentence.start));

  const reported = claimSubject(text, sentence, quotation.open);
  return reported ? ref(reported) : null;
}

/** The subject of a reporting verb before `at` in the sentence ("the filing reveals that", "According to X,"). */
function claimSubject(text: string, sentence: Span, at: number): { name: string; role: string | null } | null {
  const head = text.slice(sentence.start, at);
  const according = /\baccording to ([^,;“”"]{2,60}?)(?:,|$)/iu.exec(head);
  if (according) return subject(text, according[1] as string, sentence.start);
  const verb = new RegExp(String.raw`(?:^|,\s*)([^,;“”"]{1,60}?)\s+(?:also\s+|previously\s+|reportedly\s+)?(?:${REPORTING_VERBS})\s+(?:that\b|,)`, 'iu').exec(head);
  if (!verb) return null;
  const phrase = (verb[1] as string).replace(/^(?:additionally|however|also|notably|in summary|in response|in other words)\s*,?\s*/i, '');
  return subject(text, phrase, sentence.start);
}

/** Facts whose citations in `source` overlap the article span, those containing it first. */
function factsCovering(kase: Case, source: SourceId, start: number, end: number): ResolvedFact[] {
  const scored: Array<{ fact: ResolvedFact; contains: boolean }> = [];
  for (const fact of kase.facts) {
    const citations = fact.citations.filter((c) => c.source === source && c.start < end && start < c.end);
    if (!citations.length) continue;
    scored.push({ fact, contains: citations.some((c) => c.start <= start && end <= c.end) });
  }
  return scored.sort((a, b) => Number(b.contains) - Number(a.contains)).map((s) => s.fact);
}

/** Who makes the claim a fact records, in the fact's own words (a label, never a quote). */
function claimantOf(fact: ResolvedFact): string | null {
  return fact.kind === 'claim' ? fact.claimant : fact.kind === 'denial' ? fact.denier : null;
}

/**
 * Whose words `[start, end)` of a passage (article offsets) are: quoted or the article's own, who is quoted,
 * and whose claim the sentence presents them as.
 */
export function attributionOf(kase: Case, passage: Passage, start: number, end: number): Attribution {
  const text = passage.text;
  const quotations = quotationsOf(text);
  const rel = { start: start - passage.start, end: end - passage.start };
  const quotation = quotations.find((q) => q.open < rel.start && rel.end <= q.close) ?? null;
  const facts = factsCovering(kase, passage.source, start, end);
  const recorded = facts.find((f) => claimantOf(f) !== null);
  const claimOf = (recorded && claimantOf(recorded)) ?? claimSubjectOf(text, rel);
  const claimKind = recorded?.kind === 'denial' ? 'denial' : claimOf ? 'claim' : null;
  if (!quotation) return { quoted: false, speaker: null, claimOf, claimKind, quotation: null };
  const curated = facts.find((f) => f.speaker && (!f.speaker.sources || f.speaker.sources.includes(passage.source)))?.speaker;
  const speaker: SpeakerRef | null = curated
    ? { name: curated.name, role: curated.role, for: curated.for, how: 'fact' }
    : quotationSpeaker(text, quotation, quotations);
  return { quoted: true, speaker, claimOf, claimKind, quotation };
}

function claimSubjectOf(text: string, rel: Span): string | null {
  const sentence = sentencesOf(text).find((s) => s.start <= rel.start && rel.start < s.end);
  return sentence ? claimSubject(text, sentence, rel.start)?.name ?? null : null;
}

/** "Mark Zuckerberg said: …", "According to Meta, …", "Stone: …", "“…,” Stone said." */
export interface ClaimedSpeaker {
  /** The speaker the text names, as typed. */
  speaker: string;
  /** The words attributed to them: what is checked against the sources. */
  body: string;
}

/**
 * Splits an attribution the text makes from the words it attributes. A bare "Name: words" counts only when
 * the name is one the case knows (so "Note: …" is not read as a speaker).
 */
export function claimedSpeaker(text: string, actors: readonly Actor[]): ClaimedSpeaker | null {
  const clean = text.trim();
  const said = new RegExp(String.raw`^([^:,“”"]{2,60}?)\s+(?:${SPEECH_VERBS})(?:\s+[^:,“”"]{1,30}?)?\s*[:,]\s*(.+)$`, 'isu').exec(clean);
  if (said && isSpeakerPhrase(said[1] as string)) return { speaker: tidy(said[1] as string), body: (said[2] as string).trim() };
  const according = /^according to ([^,:]{2,60}?)\s*[,:]\s*(.+)$/isu.exec(clean);
  if (according && isSpeakerPhrase(according[1] as string)) return { speaker: tidy(according[1] as string), body: (according[2] as string).trim() };
  // "“…,” Stone said." and "…, said Stone.": the words end in a comma or a closing quotation mark.
  const end = String.raw`(?:,\s*["”]|["”]\s*,?|,)`;
  const trailing = new RegExp(String.raw`^(.+?)${end}\s+((?:the\s+)?[\p{L}’' .-]{2,40}?)\s+(?:${SPEECH_VERBS})\.?$`, 'isu').exec(clean);
  if (trailing && isSpeakerPhrase(trailing[2] as string)) return { speaker: tidy(trailing[2] as string), body: (trailing[1] as string).trim() };
  const inverted = new RegExp(String.raw`^(.+?)${end}\s+(?:${SPEECH_VERBS})\s+(${NAME})\.?$`, 'su').exec(clean);
  if (inverted) return { speaker: tidy(inverted[2] as string), body: (inverted[1] as string).trim() };
  const colon = /^([^:]{2,40}):\s+(.+)$/su.exec(clean);
  if (colon && actors.some((a) => nameMatches(colon[1] as string, [a.name, ...a.aliases]))) return { speaker: tidy(colon[1] as string), body: (colon[2] as string).trim() };
  return null;
}

/** A phrase that can name a speaker: a few words, not a pronoun (a pronoun names nobody by itself). */
function isSpeakerPhrase(phrase: string): boolean {
  const words = tidy(phrase).split(/\s+/);
  return words.length <= 6 && !PRONOUNS.has(words.join(' ').toLowerCase());
}

/** Function words that never identify a speaker by themselves. */
const NAME_STOP = new Set(['the', 'a', 'an', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'by', 'as', 'with', 'from', 'its', 'his', 'her', 'their', 'our', 'this', 'that', 'per', 'via', 'through', 'also', 'own', 'mr', 'ms', 'mrs', 'dr']);

/** The identifying words of a name or label: lower-cased, possessives dropped, function words out. */
export function nameWords(name: string): string[] {
  return [...name.toLowerCase().replace(/[’']s\b/g, '').matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]).filter((w) => !NAME_STOP.has(w));
}

/** True when the typed name shares an identifying word with any of the candidates ("Stone" ~ "Andy Stone"). */
export function nameMatches(typed: string, candidates: readonly string[]): boolean {
  const words = new Set(nameWords(typed));
  return words.size > 0 && candidates.some((c) => nameWords(c).some((w) => words.has(w)));
}

/** Capitalised runs of a label ("Meta, through communications director Andy Stone on X" → Meta, Andy Stone, X). */
function namesIn(label: string): string[] {
  const out: string[] = [];
  // A quoted title inside a label is not a name.
  for (const match of label.replace(/["“][^"”]*["”]/g, ' ').matchAll(new RegExp(NAME, 'gu'))) {
    const name = match[0].replace(/[’']s$/u, '').replace(/[.-]+$/, '');
    const words = name.split(/\s+/).filter((w) => !/^(The|A|An|In|On|Of|As|And|Per|By|Its|This|That)$/.test(w));
    if (words.length) out.push(words.join(' '));
  }
  return out;
}

const actorCache = new WeakMap<Case, Actor[]>();

/**
 * The people and organisations the case names: from the facts' fields (claimant, denier, what is denied,
 * payer, payee, speaker) and the sources' publishers and authors. The one place `/quote` learns names; the
 * lead's vocabulary (people, organisations, aliases) replaces this body when it lands.
 */
export function knownActors(kase: Case): Actor[] {
  const cached = actorCache.get(kase);
  if (cached) return cached;
  const labels: string[] = [];
  for (const fact of kase.facts) {
    if (fact.kind === 'claim') labels.push(fact.claimant);
    if (fact.kind === 'denial') labels.push(fact.denier, fact.denies);
    if (fact.kind === 'money') labels.push(fact.payer ?? '', fact.payee ?? '');
    if (fact.speaker) labels.push(fact.speaker.name, fact.speaker.role ?? '', fact.speaker.for ?? '');
  }
  for (const article of kase.articles.values()) labels.push(article.about.publisher ?? '', article.about.author ?? '');
  const seen = new Map<string, Actor>();
  // The corpus's own list of people and organisations (vocabulary.json) comes first, with their aliases.
  for (const entity of kase.vocabulary.entities) seen.set(entity.name.toLowerCase(), { name: entity.name, aliases: entity.aliases });
  for (const name of labels.flatMap(namesIn)) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), { name, aliases: [] });
  const actors = [...seen.values()];
  actorCache.set(kase, actors);
  return actors;
}

/** True when `word` (any case) is, or is a word of, a known actor's name. */
export function isActorWord(kase: Case, word: string): boolean {
  const key = word.toLowerCase().replace(/[’']s$/u, '');
  // Small words inside names ("The New York Times", "Facts About …") name nobody on their own.
  if (/^(the|a|an|of|about|and|for|to|in|on|at|by|with|from)$/.test(key)) return false;
  return knownActors(kase).some((a) => [a.name, ...a.aliases].some((n) => n.toLowerCase().split(/\s+/).includes(key)));
}
