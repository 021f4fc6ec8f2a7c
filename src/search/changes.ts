/**
 * What a difference between the checked text and the source does to the meaning, in kinds a fact-checker
 * names: a negation reversed, a number or a date changed, one actor swapped for another, a hedge dropped
 * ("allegedly" removed turns an allegation into a fact), a word replaced by its opposite.
 *
 * Only English lives here (negations, hedges, months, antonyms); whether a word names an actor is asked of
 * the caller, who knows the case.
 */

export type ChangeKind = 'negation' | 'number' | 'date' | 'actor' | 'hedge' | 'opposite';

/** Most serious first: the order verdicts name them in. */
export const CHANGE_ORDER: readonly ChangeKind[] = ['negation', 'number', 'date', 'actor', 'hedge', 'opposite'];

/** A word of one side of a difference. */
export interface SideWord {
  /** Lower-cased, apostrophes removed ("didn’t" → "didnt"). */
  key: string;
  /** True when the word may name a person, company or product (known to the case, or capitalised mid-sentence). */
  name: boolean;
  /** True when the case knows the word as (part of) an actor's name. */
  known?: boolean;
  /** True when typed with a capital letter ("May" the month, not "may" the hedge). */
  capital: boolean;
}

/** One change of meaning inside a difference, with the words of each side that carry it. */
export interface Change {
  kind: ChangeKind;
  /** Indexes into the source side's words that carry the change (empty when the source has none). */
  source: number[];
  /** Indexes into the checked text's words that carry it. */
  yours: number[];
}

const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nor', 'neither', 'nobody', 'nothing', 'nowhere', 'without', 'cannot']);
/** Contractions of "not", as typed with or without the apostrophe ("didn't", "didnt"). */
const NOT_CONTRACTIONS = new Set([
  'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'hasnt', 'havent', 'hadnt', 'cant', 'couldnt', 'wont',
  'wouldnt', 'shouldnt', 'mustnt', 'neednt', 'aint', 'mightnt', 'shant',
]);

/** True for a word that negates: "not", "never", "didn't", "didnt"... */
export function isNegation(key: string): boolean {
  return NEGATIONS.has(key) || NOT_CONTRACTIONS.has(key) || key.endsWith("n't");
}

/** Words that mark a statement as reported or uncertain; dropping one states it as fact. */
const HEDGES = new Set([
  'allegedly', 'reportedly', 'purportedly', 'supposedly', 'apparently', 'seemingly', 'possibly', 'probably', 'likely',
  'perhaps', 'maybe', 'may', 'might', 'could', 'would', 'suggests', 'suggested', 'suggesting', 'claims', 'claimed',
  'alleged', 'alleges', 'reported', 'rumoured', 'rumored', 'unconfirmed',
]);

export const isHedge = (key: string): boolean => HEDGES.has(key);

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);

/** A month or weekday name, or a year from 1900 to 2099. */
export function isDateWord(key: string): boolean {
  return MONTHS.has(key) || /^(19|20)\d\d$/.test(key);
}

/** "May" is a month only with its capital; lower-case "may" is a hedge. */
const dateWord = (w: SideWord) => isDateWord(w.key) && (w.key !== 'may' || w.capital);
const hedgeWord = (w: SideWord) => isHedge(w.key) && (w.key !== 'may' || !w.capital);

const NUMBER_WORDS = new Set([
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty',
  'forty', 'fifty', 'hundred', 'thousand', 'million', 'billion', 'trillion', 'half', 'dozen', 'once', 'twice',
]);

/** Digits (not a year) or a number word. */
export function isNumberWord(key: string): boolean {
  return (/\d/.test(key) && !isDateWord(key)) || NUMBER_WORDS.has(key);
}

/** Pairs of opposites, both directions. */
const OPPOSITES: ReadonlyArray<readonly [string, string]> = [
  ['public', 'private'], ['true', 'false'], ['increase', 'decrease'], ['increase', 'cut'], ['raise', 'cut'], ['raise', 'lower'],
  ['more', 'less'], ['more', 'fewer'], ['most', 'least'], ['before', 'after'], ['open', 'closed'], ['open', 'secret'],
  ['openly', 'secretly'], ['legal', 'illegal'], ['accept', 'reject'], ['accepted', 'rejected'], ['allow', 'deny'],
  ['allowed', 'denied'], ['allow', 'forbid'], ['allowed', 'forbidden'], ['allow', 'prevent'], ['confirm', 'deny'],
  ['confirmed', 'denied'], ['admit', 'deny'], ['admitted', 'denied'], ['acknowledge', 'deny'], ['acknowledges', 'denies'],
  ['agree', 'refuse'], ['agreed', 'refused'], ['win', 'lose'], ['won', 'lost'], ['guilty', 'innocent'], ['always', 'never'],
  ['first', 'last'], ['high', 'low'], ['higher', 'lower'], ['up', 'down'], ['start', 'stop'], ['started', 'stopped'],
  ['begin', 'end'], ['add', 'remove'], ['added', 'removed'], ['include', 'exclude'], ['included', 'excluded'],
  ['direct', 'indirect'], ['directly', 'indirectly'], ['major', 'minor'], ['old', 'new'], ['strong', 'weak'],
  ['positive', 'negative'], ['success', 'failure'], ['gave', 'took'], ['give', 'take'], ['sent', 'received'],
  ['send', 'receive'], ['read', 'write'], ['buy', 'sell'], ['bought', 'sold'], ['paid', 'received'], ['gain', 'loss'],
  ['profit', 'loss'], ['rise', 'fall'], ['rose', 'fell'], ['early', 'late'], ['earlier', 'later'], ['inside', 'outside'],
  ['internal', 'external'], ['everyone', 'nobody'], ['all', 'none'], ['every', 'no'], ['joined', 'left'], ['hired', 'fired'],
  ['support', 'oppose'], ['supported', 'opposed'], ['safe', 'unsafe'], ['rarely', 'often'], ['shut', 'open'], ['closing', 'opening'],
];
const OPPOSITE = new Map<string, Set<string>>();
for (const [a, b] of OPPOSITES) {
  (OPPOSITE.get(a) ?? OPPOSITE.set(a, new Set()).get(a))?.add(b);
  (OPPOSITE.get(b) ?? OPPOSITE.set(b, new Set()).get(b))?.add(a);
}

/** True when one word is the other's opposite, listed or by a negating prefix ("true" / "untrue"). */
export function areOpposites(a: string, b: string): boolean {
  if (a === b) return false;
  if (OPPOSITE.get(a)?.has(b)) return true;
  const prefixed = (x: string, y: string) => /^(un|dis|non|il|ir|im|in)/.test(x) && y.length >= 4 && x.replace(/^(un|dis|non-?|il|ir|im|in)/, '') === y;
  return prefixed(a, b) || prefixed(b, a);
}

/** Two forms of one word: one is the other plus a short ending ("Partnership" / "Partnerships"). */
function sameStem(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.startsWith(short) && long.length - short.length <= 3;
}

const indexes = (words: readonly SideWord[], test: (w: SideWord) => boolean) => words.flatMap((w, i) => (test(w) ? [i] : []));
const keysOf = (words: readonly SideWord[], at: readonly number[]) => at.map((i) => words[i]?.key ?? '').sort().join(' ');

/**
 * The changes of meaning between the two sides of one difference (the words that differ, without context),
 * most serious first; empty when the difference is wording only.
 */
export function changesBetween(yours: readonly SideWord[], source: readonly SideWord[]): Change[] {
  const out: Change[] = [];
  const negY = indexes(yours, (w) => isNegation(w.key));
  const negS = indexes(source, (w) => isNegation(w.key));
  if (negY.length !== negS.length) out.push({ kind: 'negation', source: negS, yours: negY });
  const numY = indexes(yours, (w) => isNumberWord(w.key));
  const numS = indexes(source, (w) => isNumberWord(w.key));
  if ((numY.length || numS.length) && keysOf(yours, numY) !== keysOf(source, numS)) out.push({ kind: 'number', source: numS, yours: numY });
  const dateY = indexes(yours, dateWord);
  const dateS = indexes(source, dateWord);
  if ((dateY.length || dateS.length) && keysOf(yours, dateY) !== keysOf(source, dateS)) out.push({ kind: 'date', source: dateS, yours: dateY });
  // An actor swap: names on both sides, one of them known to the case (so title words like "Partnership"
  // are not actors), and not two forms of one word ("Partnership" / "Partnerships").
  const nameY = indexes(yours, (w) => w.name && !dateWord(w));
  const nameS = indexes(source, (w) => w.name && !dateWord(w));
  const knownName = [...nameY.map((i) => yours[i]), ...nameS.map((i) => source[i])].some((w) => w?.known);
  const sameWord = nameY.some((i) => nameS.some((j) => sameStem(yours[i]?.key ?? '', source[j]?.key ?? '')));
  if (nameY.length && nameS.length && knownName && !sameWord && keysOf(yours, nameY) !== keysOf(source, nameS)) out.push({ kind: 'actor', source: nameS, yours: nameY });
  const hedgeY = indexes(yours, hedgeWord);
  const hedgeS = indexes(source, hedgeWord);
  if (hedgeS.length > hedgeY.length) out.push({ kind: 'hedge', source: hedgeS, yours: hedgeY });
  const pairs: Array<[number, number]> = [];
  yours.forEach((y, i) => source.forEach((s, j) => areOpposites(y.key, s.key) && pairs.push([i, j])));
  if (pairs.length) out.push({ kind: 'opposite', source: pairs.map((p) => p[1]), yours: pairs.map((p) => p[0]) });
  return out;
}
