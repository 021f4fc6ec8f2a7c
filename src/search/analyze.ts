/**
 * Text analysis shared by indexing and querying, so both sides always agree on what a term is. It knows
 * English, not the story: the story's own vocabulary (aliases, synonyms, names) comes from
 * `corpus/vocabulary.json` through {@link Lexicon}.
 *
 * - Tokens split on anything that is not a letter or digit: "$150" meets "150", "Meta’s" is "meta", "s".
 * - Inflections are folded by the Porter 2 ("English" Snowball) stemmer of `wink-porter2-stemmer`
 *   ("messages" and "message" meet, "denied" and "denies"). Chosen by measurement over the dev questions
 *   against Porter 1 (`stemmer`), a WordNet lemmatizer (`wink-lemmatizer`), the earlier hand-written
 *   suffix rules and none; the figures are in the README ("How /ask finds answers").
 * - Stop words are dropped, including question words ("what", "when") that say nothing about the topic;
 *   the question's form is read separately (question.ts).
 */
import porter2 from 'wink-porter2-stemmer';
import { isListedWord } from './english.js';

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Words that carry no topic. Question words are here because every question has them. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a an and are as at be been being but by can could did do does doing for from had has have having he her him his how
  i if in into is it its itself me my of on or our s she so than that the their them then there these they this those
  to too t us was we were what when where which while who whom whose why will with would you your yours about after again
  also any because before both each few more most no nor not only own same should some such very just don
  isn aren wasn weren doesn didn hasn haven hadn couldn wouldn shouldn mustn needn ain
  now tell know explain please anything something happen happened say said says saying think really much many
  get got go going show up down out off over back away pls plz whats whos wat wut wht whut wen whn thing things stuff
  all this mean means meant ever actually like mention mentioned mentions refer refers referred referring else according
  reportedly allegedly purportedly supposedly apparently seemingly
  able wtf wth lol lmao haha hahaha omg tbh ngl idk imo rn ok okay hey hi hello yo um uh hmm literally basically honestly seriously
  anyway anyways bro dude exactly nah yeah yep yes least guys yet still already even here
  besides except sorry noob newbie question questions quick dumb
  exact precise precisely wording verbatim quote quotes summary summarize summarise pinned
  wait supposed tldr iirc afaik fwiw imho smh lmk fyi ikr irl jk nvm ofc tbf istg lowkey bruh thx ty wyd hmu ig wdym wym ffs omw brb eli5 pov`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Informal spellings people type in chat, read as the words they stand for (general English, no story):
 * "ppl" is "people", "execs" are "executives". Applied on both sides, so indexing is unchanged by them.
 */
const INFORMAL: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ppl: 'people', ppls: 'peoples', peeps: 'people', execs: 'executives', exec: 'executive', msgs: 'messages', msg: 'message', govt: 'government',
    gov: 'government', n: 'and', abt: 'about', bc: 'because', cuz: 'because', u: 'you', ur: 'your', r: 'are', yr: 'year', yrs: 'years',
    info: 'information', convo: 'conversation', convos: 'conversations', pic: 'picture', pics: 'pictures', biz: 'business',
    co: 'company', cos: 'companies', corp: 'corporation', mgmt: 'management', dept: 'department', approx: 'approximately',
    thru: 'through', tho: 'though', w: 'with', wo: 'without', smth: 'something', sth: 'something',
  }),
);

/**
 * Two-word idioms read as the words that mean the same (general English): "in return (for)" is "in exchange
 * (for)", "hand over" is "provide", "push back" is "dispute", "come from" is "stem from". Applied to every text, indexed or asked, so
 * either wording finds the other.
 */
const IDIOMS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    'in return': ['in', 'exchange'],
    'hand over': ['provide'], 'hands over': ['provides'], 'handed over': ['provided'], 'handing over': ['providing'],
    'come out': ['revealed'], 'came out': ['revealed'], 'comes out': ['revealed'], 'coming out': ['revealed'],
    'come from': ['stem', 'from'], 'comes from': ['stems', 'from'], 'coming from': ['stemming', 'from'], 'came from': ['stemmed', 'from'],
    'push back': ['dispute'], 'pushes back': ['disputes'], 'pushed back': ['disputed'], 'pushing back': ['disputing'],
    'shoot down': ['deny'], 'shoots down': ['denies'], 'shot down': ['denied'], 'shooting down': ['denying'],
    // "close down" is "shut", not the "close" of "a close relationship".
    'close down': ['shut'], 'closes down': ['shuts'], 'closed down': ['shut'], 'closing down': ['shutting'],
  }),
);

/**
 * A verb asking the bot for something, with its object ("give me", "show us"), or an idiom asking about
 * something ("what's the deal with X", "what's up with X", "what kinds of X"): no topic of the question.
 */
const REQUEST = /\b(give|giving|gimme|show|tell|send|find|get|let)\s+(me|us)\b|\blet(?:'|’)?s\b|\bwhat(?:'|’)?s\s+(?:the\s+)?(?:deal|story|situation)\s+(?:with|about)\b|\bwhat(?:'|’)?s\s+up\s+with\b|\b(?:what|which)\s+(?:kinds?|sorts?|types?)\s+of\b/gi;

/** Phrases that link what is said without saying anything: "in other words", "by the way", "to be fair". */
const FILLER_PHRASES = /\b(?:in\s+other\s+words|by\s+the\s+way|to\s+be\s+(?:fair|honest)|at\s+the\s+end\s+of\s+the\s+day|in\s+the\s+first\s+place)\b/gi;

/**
 * Words about the bot's own sources rather than the story ("the sources seem to disagree", "what do the articles
 * say"): the question is about what they say, which every answer shows.
 */
export const ABOUT_SOURCES = /\b(?:(?:the|these|ur|your|both|one|some|all|another|other|the\s+other|an|any)\s+(?:of\s+the\s+)?)?(?:sources?|articles?|others|write-?ups?|pieces?|outlets?)\s+(?:seems?\s+(?:to\s+)?|appears?\s+to\s+)?(?:(?:all\s+|a\s+bit\s+|kinda\s+)?mixed\s+up|disagree|disagrees|agree|agrees|differ|differs|conflict|conflicts|say|says|said|saying|claim|claims|claimed|claiming|write|writes|wrote|explain|explains|explained|mention|mentions|mentioned|cover|covers|covered|discuss|discusses|discussed|describe|describes|described)\b(?:\s+(?:it|this|that|them))?|\b(?:it\s+|this\s+|that\s+)?(?:seems?|looks?|sounds?)\s+(?:all\s+|a\s+bit\s+|kinda\s+)?mixed\s+up\b/gi;

/** The idioms as written in a text: their two words, whole, with only spaces between. */
const IDIOM_PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(${[...new Set([...IDIOMS.keys()].map((k) => k.split(' ')[0]))].join('|')})[ \\t]+(?:(it|this|that|them|these|those)[ \\t]+)?(${[...new Set([...IDIOMS.keys()].map((k) => k.split(' ')[1]))].join('|')})(?![\\p{L}\\p{N}])`, 'giu');

/** Lower-cases and strips diacritics. */
export function normalizeWord(token: string): string {
  return token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Short forms of scale people type after a number: "$150m", "40k", "1bn". */
const SCALE_SUFFIX = /^(\d+)(k|m|mn|b|bn)$/i;
const SCALE_WORD: Record<string, string> = { k: 'thousand', m: 'million', mn: 'million', b: 'billion', bn: 'billion' };

/**
 * Raw tokens of a text, before stop words and stemming. Apostrophes split, so "meta’s" gives "meta", "s";
 * "150m" is read as "150 million", as the articles write it.
 */
export function tokenize(text: string, idioms = true): string[] {
  // An idiom is two words with only spaces between ("on the other hand, over time" holds none).
  // A pronoun may stand between a phrasal verb's two words: "shot **this** down" is "denied this".
  const read = idioms ? text.replace(IDIOM_PATTERN, (match: string, first: string, object: string | undefined, second: string) => {
    const same = IDIOMS.get(`${first.toLowerCase()} ${second.toLowerCase()}`) ?? [];
    // The idiom's own first word keeps its case ("In return" is "In exchange").
    const words = same.map((w, k) => (k === 0 && w === first.toLowerCase() ? first : w));
    return words.length ? [...words, ...(object ? [object] : [])].join(' ') : match;
  }) : text;
  const tokens = read.match(TOKEN) ?? [];
  if (!tokens.some((t) => SCALE_SUFFIX.test(t))) return tokens;
  return tokens.flatMap((t) => {
    const m = SCALE_SUFFIX.exec(t);
    return m ? [m[1] as string, SCALE_WORD[(m[2] as string).toLowerCase()] as string] : [t];
  });
}

/** The stop words long enough that one slip of the keys cannot make another word of them ("supposedly"). */
const LONG_STOP_WORDS = [...STOP_WORDS].filter((w) => w.length >= 7);
/** Stop words long enough that two of their letters swapped make no other word ("wiht" is "with", "teh" is "the"). */
const SWAPPABLE_STOP_WORDS = [...STOP_WORDS].filter((w) => w.length >= 3);

/**
 * Whether a word is a long stop word with one letter left out, added, changed or swapped ("suposedly",
 * "actualy"), or a shorter one with two letters swapped ("wiht", "taht"), and no English word itself: chat
 * filler misspelt is still filler, not a word the corpus lacks.
 */
function misspelledStopWord(word: string): boolean {
  if (word.length < 3 || /\d/.test(word)) return false;
  const near = (word.length >= 6 && LONG_STOP_WORDS.some((stop) => oneEditApart(word, stop))) || SWAPPABLE_STOP_WORDS.some((stop) => swappedApart(word, stop));
  // Listed as a word itself (not only as a chat spelling of one: "anythin" is "anything" misspelt, filler still).
  return near && !isListedWord(word);
}

/** Whether two words of the same length differ only by two neighbouring letters swapped. */
function swappedApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Whether two words differ by exactly one deletion, insertion, substitution or swap of neighbours. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Folds one lower-case word to its stem; numbers are kept as they are. */
export type Stemmer = (word: string) => string;

/** The stemmer in use (see the module comment for why this one). */
export const defaultStemmer: Stemmer = (word) => (/\d/.test(word) ? word : porter2(word));

/**
 * Turns tokens into search terms. Memoised: a corpus's raw token vocabulary is small next to its text,
 * and stemming is the costly part of indexing.
 */
export class Analyzer {
  private readonly memo = new Map<string, string | null>();
  constructor(private readonly stem: Stemmer = defaultStemmer) {}

  /** The search term for one token, or null for a stop word. */
  readonly processTerm = (token: string): string | null => {
    let term = this.memo.get(token);
    if (term === undefined) {
      const lower = normalizeWord(token);
      const word = INFORMAL.get(lower) ?? lower;
      term = STOP_WORDS.has(word) || misspelledStopWord(word) ? null : this.stem(word);
      if (this.memo.size < 500_000) this.memo.set(token, term);
    }
    return term;
  };

  /** All search terms of a text, in order. */
  terms(text: string): string[] {
    const out: string[] = [];
    // "give me", "tell us": a request, not a topic ("what did they give facebook" keeps its verb); "the
    // sources disagree": words about the sources, not the story.
    for (const token of tokenize(text.replace(REQUEST, ' ').replace(ABOUT_SOURCES, ' ').replace(FILLER_PHRASES, ' '))) {
      const term = this.processTerm(token);
      if (term) out.push(term);
    }
    return out;
  }
}

export const defaultAnalyzer = new Analyzer();

/** The search term for one token with the default analyzer, or null for a stop word. */
export const processTerm = defaultAnalyzer.processTerm;

/** All search terms of a text with the default analyzer, in order. */
export function terms(text: string): string[] {
  return defaultAnalyzer.terms(text);
}

/**
 * What words mean in one corpus: groups of words and phrases that mean the same in its story, run
 * through the analyzer when the lexicon is built, so the data never needs to know the stemmer.
 */
export class Lexicon {
  private readonly table = new Map<string, string[]>();
  private readonly realWords: ReadonlySet<string>;

  /**
   * @param groups words and phrases that mean the same in the story (vocabulary.json).
   * @param thesaurus general-English synonyms, already as search terms (thesaurus.json): used only for a
   *   word the corpus lacks, since a word the corpus has is better matched as itself.
   * @param realWords English words near the corpus's terms, which are not typos of them.
   * @param forms other forms of a word that the stemmer keeps apart, as corpus terms (thesaurus.json).
   */
  constructor(
    groups: ReadonlyArray<ReadonlyArray<string>>,
    analyzer: Analyzer = defaultAnalyzer,
    private readonly thesaurus: Readonly<Record<string, readonly string[]>> = {},
    realWords: readonly string[] = [],
    private readonly forms: Readonly<Record<string, readonly string[]>> = {},
  ) {
    this.realWords = new Set(realWords);
    const sets = new Map<string, Set<string>>();
    for (const group of groups) {
      const groupTerms = new Set(group.flatMap((phrase) => analyzer.terms(phrase)));
      for (const term of groupTerms) {
        const others = sets.get(term) ?? new Set<string>();
        for (const other of groupTerms) if (other !== term) others.add(other);
        sets.set(term, others);
      }
    }
    for (const [term, others] of sets) this.table.set(term, [...others]);
  }

  /** Other terms that mean the same as `term` in this story (never including `term` itself). */
  synonymsOf(term: string): readonly string[] {
    return this.table.get(term) ?? [];
  }

  /** Whether `term` is a real English word the corpus lacks (so not a typo of a corpus term). */
  isRealWord(term: string): boolean {
    return this.realWords.has(term);
  }

  /** Other forms of the same word among the corpus's terms ("compet" → "competit"; WordNet derivations). */
  formsOf(term: string): readonly string[] {
    return Object.hasOwn(this.forms, term) ? (this.forms[term] ?? []) : [];
  }

  /** General-English synonyms of `term` among the corpus's terms (WordNet, filtered senses). */
  thesaurusOf(term: string): readonly string[] {
    return Object.hasOwn(this.thesaurus, term) ? (this.thesaurus[term] ?? []) : [];
  }
}
