/**
 * Text analysis shared by indexing and querying, so both sides always agree on what a term is.
 *
 * - Tokens split on anything that is not a letter or digit: "$150" meets "150", "Meta’s" is "meta".
 * - A light suffix stemmer folds plurals and common endings ("messages" and "message" meet).
 * - Stop words are dropped, including question words ("what", "when") that say nothing about the topic.
 * - Synonyms are expanded on the query side only, at a lower weight than the user's own words, so
 *   "DMs" finds "private messages" without "messages" outranking an exact "DMs".
 */

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Words that carry no topic. Question words are here because every question has them. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a an and are as at be been being but by can could did do does doing for from had has have having he her him his how
  i if in into is it its itself me my of on or our s she so than that the their them then there these they this those
  to too t us was we were what when where which while who whom why will with would you your yours about after again
  also any because before both each few more most no nor not only other own same should some such very just don
  now tell know explain please anything something happen happened say said says saying think really much many
  get got give given go going let lets show shows up out off over back away`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words kept even though they look like stop words: negations matter to fact-checkers ("not", "no"
 * are stop words for search, but `/quote` compares full sentences, not search terms).
 */

/** Light English stemming: enough to join plurals and -ing/-ed forms; both sides use the same rule. */
export function stem(word: string): string {
  let w = word;
  if (/\d/.test(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 4 && /(ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 7 && w.endsWith('ment')) w = w.slice(0, -4);
  let stripped = false;
  if (w.length > 5 && w.endsWith('ing')) {
    w = w.slice(0, -3);
    stripped = true;
  } else if (w.length > 4 && w.endsWith('ed')) {
    w = w.slice(0, -2);
    stripped = true;
  }
  // "committed" and "commit", "stopped" and "stop": undouble a final consonant left by a suffix.
  if (stripped && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Lower-cases, strips diacritics and possessives. */
export function normalizeWord(token: string): string {
  return token
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** Raw tokens of a text, before stop words and stemming. Apostrophes split, so "meta’s" gives "meta", "s". */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The search term for one token, or null for a stop word. */
export function processTerm(token: string): string | null {
  const word = normalizeWord(token);
  if (STOP_WORDS.has(word)) return null;
  return stem(word);
}

/** All search terms of a text, in order. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) out.push(term);
  }
  return out;
}

/**
 * Groups of words that mean the same thing in this story. Each entry is written in plain words; they are
 * run through `terms()` when the table is built, so the table never needs to know the stemmer.
 */
const SYNONYM_GROUPS: readonly string[][] = [
  ['dm', 'dms', 'direct messages', 'private messages', 'inbox', 'inboxes', 'messenger', 'pm', 'pms', 'conversations', 'chats'],
  ['granted', 'gave', 'give', 'provided', 'allowed', 'access', 'permitted'],
  ['sell', 'sold', 'sale', 'selling'],
  ['lawsuit', 'suit', 'sue', 'sued', 'suing', 'court', 'filing', 'litigation', 'case', 'antitrust', 'plaintiffs'],
  ['deny', 'denied', 'denies', 'denial', 'dispute', 'disputing', 'untrue', 'false', 'response', 'respond'],
  ['comment', 'comments', 'replied', 'reply', 'replies', 'statement'],
  ['reaction', 'reactions', 'reacted', 'responded', 'responding', 'comments', 'replies'],
  ['ads', 'ad', 'advertising', 'advertisements', 'advertiser', 'marketing'],
  ['spend', 'spending', 'spent', 'paid', 'pay', 'investing', 'budget', 'money', 'cost'],
  ['fine', 'fined', 'penalty', 'settlement'],
  ['leak', 'leaking', 'breach', 'exploited'],
  ['musk', 'elon', 'x', 'twitter', 'tweet'],
  ['meta', 'facebook', 'fb'],
  ['ceo', 'chief', 'head', 'boss'],
  ['board', 'directors', 'director'],
  ['encryption', 'encrypted', 'e2ee'],
  ['report', 'reports', 'reported', 'biweekly', 'weekly'],
  ['read', 'see', 'view', 'snoop', 'snooped', 'spy', 'spied', 'look', 'reading', 'access'],
  ['cut', 'slashed', 'reduced', 'closing', 'close', 'shut', 'pulled'],
  ['tv', 'streaming', 'shows', 'watch', 'programming', 'content'],
  ['secret', 'secretly', 'confidential', 'private'],
  ['data', 'information', 'info'],
  ['deal', 'agreement', 'arrangement', 'partnership', 'partnerships', 'relationship'],
  ['money', 'dollars', 'million', 'amount', 'figures'],
];

function buildSynonyms(): Map<string, string[]> {
  const table = new Map<string, Set<string>>();
  for (const group of SYNONYM_GROUPS) {
    const groupTerms = new Set(group.flatMap((phrase) => terms(phrase)));
    for (const term of groupTerms) {
      const others = table.get(term) ?? new Set<string>();
      for (const other of groupTerms) if (other !== term) others.add(other);
      table.set(term, others);
    }
  }
  return new Map([...table].map(([term, others]) => [term, [...others]]));
}

const SYNONYMS = buildSynonyms();

/** Other terms that mean the same as `term` in this story (never including `term` itself). */
export function synonymsOf(term: string): readonly string[] {
  return SYNONYMS.get(term) ?? [];
}
