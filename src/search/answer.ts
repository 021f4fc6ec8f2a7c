/**
 * `/ask`'s answer, before any rendering: the ranked items that answer a free-text question, or a decline
 * saying what the question asks about that the sources never mention. Renderers (src/core/ask.ts) only draw
 * what this returns.
 *
 * Ranking is the search's (words), weighed by the question's form (question.ts): a *when* question prefers
 * dated events, *how much* money facts, *who* items naming a person, *what did X say* X's own statements.
 */
import type { Case, Passage, ResolvedCitation, ResolvedFact } from '../corpus/case.js';
import type { Entity, SourceId } from '../corpus/schema.js';
import { ADMITS, amountsIn, EARLIEST_WORDS, END_WORDS, FUTURE_WORDS, readQuestion, WROTE, type QuestionForm } from './question.js';
import type { Hit, Search, SearchDoc } from './search.js';
import { isEnglishWord, nearEnglishWord } from './english.js';
import { passageSentences } from './sentences.js';

/**
 * One thing an answer shows: a structured fact, or an article passage. `lead` is the fact's citation or the
 * passage's sentence that best answers the question, to quote first (absent outside /ask).
 */
export type Item = { kind: 'fact'; fact: ResolvedFact; lead?: ResolvedCitation } | { kind: 'passage'; passage: Passage; lead?: ResolvedCitation };

export const itemId = (item: Item): string => (item.kind === 'fact' ? item.fact.id : item.passage.id);

export type AskOutcome =
  | {
      kind: 'answer';
      /** Best first; no item repeats another. */
      items: Item[];
      form: QuestionForm;
    }
  | {
      kind: 'decline';
      /** The question's own words (as typed) that name something the sources never mention; may be empty. */
      unknown: string[];
      /**
       * Set when the question asks for something of someone the sources name but never give: their words
       * ("what did X say"), an amount they paid or received ("how much did X pay"), or an amount of theirs
       * for what was asked ('amount-for': "how much did X pay to settle", where X's amounts are for other things).
       */
      unanswered?: { name: string; role: string | null; wants: 'words' | 'amount' | 'amount-for' | 'article' };
      /** Set to the end date (an event dated "until" it) when a question asks when something began and the sources give only its end. */
      noStart?: string;
      /** Set to the date of what began when a question asks when it ended and the sources date only its beginning. */
      noEnd?: string;
      /** Set to the year of a *how much* question when the sources give no amount in that year at all. */
      noAmountIn?: string;
      /** Set to what a *how many* question counts, as typed, when no item found gives a number of it ("how many … **dms**"). */
      noCount?: string;
      /** Set to the kind a *which* question asks to be named, as typed, when no item found names one ("which **court** …"). */
      noName?: string;
      /** Set when the question asks for advice or a recommendation ("recommend me …"): sources report, they don't advise. */
      advice?: true;
      /** With no topic to search, what the question asks for is a list of its own: where the sources disagree ("where do the articles disagree"). */
      pointTo?: 'disagreements';
    }
  | {
      /**
       * "who wrote these articles", "who wrote the btw media one", "source?": who wrote which article, answered by
       * each article's byline as it stands (page furniture, not article text), for the articles asked about.
       */
      kind: 'bylines';
      sources: SourceId[];
    };

/** Tuning for `/ask` answers, each with its reason. */
export const ASK_TUNING = {
  /** A claim or denial dated this many years or more before the news (see {@link newsYear}) is an earlier round of the story. */
  earlierYears: 2,
  /** Items scoring below this share of the best item are left out: they are not about the question. */
  relativeFloor: 0.2,
  /** A passage (or the sentence it is shown by) at least this share quoted by facts already shown is left out as a repeat. */
  repeatShare: 0.6,
  /** At most this many items across all pages. */
  maxItems: 12,
  /** How strongly the question's form favours the items it asks for (multipliers on the search score). */
  form: {
    /** *when*: a dated event is the answer; another dated fact nearly so; a passage with a date may hold it. */
    whenEvent: 2.5,
    whenDated: 1.8,
    whenDatedText: 1.3,
    /** *how long*: an item stating a duration ("for almost a decade", "for two years"); only a duration answers, so it is strong. */
    duration: 10,
    /** *why*: an item stating a reason or purpose ("to avoid", "due to", "in exchange for"). */
    cause: 2,
    /** *how much*: a money fact; any item with a dollar figure. */
    money: 2,
    amountText: 1.3,
    /** *who*: an item naming a person. */
    person: 2,
    /** *who denied / who claimed …*: a statement of the kind asked after, by whoever made it. */
    statementKind: 1.6,
    /** *who*: an item naming the person or organisation whose role (vocabulary.json) the question describes. */
    role: 2.5,
    /** Any other question describing someone's role ("the btw media reporter"): an item naming them. */
    roleMention: 1.5,
    /** *what did X say*: a claim or denial made by X; any item quoting words. */
    speaker: 1.6,
    speakerQuoted: 2,
    /** Quoted words beside X's name, not introduced as speech, where X is not said to speak: maybe X's words, maybe a document's. */
    quotedNear: 1.4,
    quoting: 1.2,
    /** Someone else's statement about X, X not said to speak: not X's words. */
    othersWords: 0.4,
    /** *what did X say*, where the text only names X by its title ("a blog post titled “…”"): none of X's words. */
    titleOnly: 0.6,
    /** A hedged question ("what did netflix supposedly get"): the allegation, a claim, over its denial. */
    alleged: 1.2,
    /** "what kinds of access": each kind a text names beyond the first ("write access", "read access", …), up to four. */
    eachKind: 2,
    /** "do the sources agree on …": a fact the sources differ on (disagreements.json). */
    differ: 1.5,
    /** "what happens next": a text looking ahead ("will have to", "remains to be seen"). */
    future: 4,
    /** "in the btw media article …": a quote from the article the question names. */
    fromSource: 3,
    /** "how often": a text giving a frequency ("every two weeks"); only a frequency answers. */
    frequency: 4,
    /** "what is X": a text saying what X is in other words ("APIs (a software intermediary that …)"). */
    definition: 2,
    /** "which outlet …": an item naming an entity of the kind asked for (vocabulary.json), one the question does not name. */
    namesKind: 3,
    /** "anything else besides X": an item naming X is what the question sets aside. */
    excluded: 0.3,
    /** *did … ?*: the claim and its denial. */
    claimOrDenial: 1.15,
    /** *did … ?* with no time asked: a dated claim or denial, an earlier round of the story than the news reported. */
    earlierRound: 0.6,
    /** A year or an amount written in the question, found in the item. */
    yearMatch: 1.5,
    yearText: 1.2,
    amountMatch: 2,
    amountInText: 1.5,
  },
  /** How near (characters) a person's name must be to a quotation mark for a passage to quote them. */
  quoteNear: 80,
  /** For "what is X", a quote matching at least this share of the best quote's relevance may lead if it says more. */
  definesShare: 0.8,
  /** The words naming what a what-question asks for weigh this much more than its other words. */
  focusWeight: 1.5,
  /** A role that covers this share of a question with no other form is what the question asks about. */
  roleIsQuestion: 0.8,
  /** "do the sources agree …": a disagreement matching at least this share of the best match is one it asks about. */
  disputeShare: 0.8,
  /** "when did X first …": a dated fact scoring at least this share of the best may lead for being the earliest. */
  earliestShare: 0.5,
  /** A *how many* question is answered when one of this many best items gives a number of what it counts. */
  countItems: 3,
  /** A role answers a *who* question when it covers at least this share of the question (search coverage). */
  roleCoverage: 0.5,
} as const;

/**
 * Whether a text quotes someone's words: a quotation of four words or more, or one ending in its own
 * punctuation ("“Yup.”"; a comma is no sign: "“Titan API,”" is a name), or the open end of a quotation the text starts or stops inside. A title ("a blog
 * post titled “…”") or a term in quotation marks ("a “special relationship”") is not someone's words.
 */
function quotesWords(text: string): boolean {
  // Asked of every document a *did … ?* or *what did X say* question weighs: kept for the corpus's own texts.
  let quotes = quoting.get(text);
  if (quotes === undefined) {
    quotes = readQuotes(text);
    if (quoting.size >= QUOTING_MEMO) quoting.clear();
    quoting.set(text, quotes);
  }
  return quotes;
}

const quoting = new Map<string, boolean>();
/** At most this many texts are remembered (a bounded set: the corpus's quotes, paragraphs and sentences). */
const QUOTING_MEMO = 20_000;

/** {@link quotesWords}, worked out. */
function readQuotes(text: string): boolean {
  const marks = text.match(/[“”"]/g) ?? [];
  if (!marks.length) return false;
  // An unbalanced mark: the quote is part of a longer quotation.
  if (text.trimEnd().endsWith('”') && (text.match(/“/g) ?? []).length < (text.match(/”/g) ?? []).length) return true;
  // A quotation opened and not closed in the text ("He stated, “Shockingly untrue. Meta didn’t …"): the text stops inside it.
  const lastOpen = text.lastIndexOf('“');
  if (lastOpen >= 0 && text.indexOf('”', lastOpen) < 0 && text.slice(lastOpen + 1).trim().split(/\s+/).length >= 4) return true;
  for (const m of text.matchAll(/[“"]([^”"]+)[”"]/g)) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 16), m.index);
    if (/\b(titled|called|dubbed|named|headlined|labell?ed|so-called)\s*$/i.test(before)) continue;
    const inner = (m[1] ?? '').trim();
    if (inner.split(/\s+/).length >= 4 || /[.!?]$/.test(inner)) return true;
  }
  return false;
}

const speakPatterns = new WeakMap<Entity, RegExp>();

/**
 * Whether a text has the entity speak: its name right before a reporting verb ("Meta told", "Netflix has not
 * replied", "Meta is denying"), so the text gives what they said, or that they said nothing.
 */
function speaks(text: string, entity: Entity): boolean {
  // Asked of the same corpus texts again and again (every said-question weighs them): remembered per entity.
  let known = spoken.get(entity);
  if (!known) spoken.set(entity, (known = new Map()));
  let result = known.get(text);
  if (result === undefined) {
    if (known.size >= 20_000) known.clear();
    known.set(text, (result = speakPattern(entity).test(text)));
  }
  return result;
}

const spoken = new WeakMap<Entity, Map<string, boolean>>();

function speakPattern(entity: Entity): RegExp {
  let pattern = speakPatterns.get(entity);
  if (!pattern) {
    const name = namePattern(entity).source;
    // The name may carry an appositive first: "Andy Stone, Meta’s communications director, shared …".
    pattern = new RegExp(`${name}(?:,\\s*(?:the\\s+|a\\s+|an\\s+|[\\p{L}]+[’']s\\s+)(?:(?!\\band\\b)[^,.;“”"]){1,60},)?\\s+(?:(?:has|have|had|did|does|is|was|also|previously|then)\\s+)*(?:not\\s+)?(?:said|says|told|tells|stated|states|replied|replies|responded|commented|comments|announced|denied|denies|denying|disputed|disputes|disputing|acknowledged|acknowledges|asserted|asserts|declined|offered|explained|explains|explaining|clarified|clarifies|insisted|insists|maintained|maintains|argued|argues|wrote|writes|tweeted|tweets|emphasized|emphasised|emphasizing|stressed)\\b`, 'iu');
    speakPatterns.set(entity, pattern);
  }
  return pattern;
}

const reportedPatterns = new WeakMap<Entity, RegExp>();

/** Whether a text reports something about the entity: a reporting verb and "that" before its name ("claims that Netflix had"). */
function reportedAbout(text: string, entity: Entity): boolean {
  let pattern = reportedPatterns.get(entity);
  if (!pattern) {
    pattern = new RegExp(`\\b(?:claims?|claimed|alleges?|alleged|says|said|states|stated|reports?|reported|shows?|showed|reveals?|revealed|suggests?|suggested|indicates?|indicated|argues?|argued)\\s+that\\s+(?:[\\p{L}\\p{N}’']+\\s+){0,2}?${namePattern(entity).source}`, 'iu');
    reportedPatterns.set(entity, pattern);
  }
  return pattern.test(text);
}

/** Whether a text has another person or organisation than the entity speak ("Meta is disputing …"). */
function spokenByOther(kase: Case, text: string, entity: Entity): boolean {
  return kase.vocabulary.entities.some((e) => e !== entity && (e.kind === 'person' || e.kind === 'organisation') && speaks(text, e));
}

/**
 * A quotation introduced as someone's words: a verb or noun of speech just before its opening mark
 * ("responding with “wow”", "comments like “Yup.”", "adding, “As …"), not a document's wording ("provide
 * Meta with a “written report …”").
 */
const SPOKEN_QUOTE = /\b(?:say|says|said|saying|tell|tells|told|telling|wrote|writes|writing|respond(?:s|ed|ing)?|repl(?:y|ies|ied|ying)|comment(?:s|ed|ing)?|post(?:s|ed|ing)?|tweet(?:s|ed|ing)?|add(?:s|ed|ing)|stat(?:es|ed|ing|ement)|answer(?:s|ed|ing)?|react(?:s|ed|ing|ion|ions)?|words)\b[\s,:]+(?:[\p{L}]+\s+){0,2}?[“"]/iu;

/** Whether two phrases share a word (after analysis): "the blog post" and "that 2018 meta blog" do. */
const shareWord = (search: Search, a: string, b: string): boolean => {
  const words = search.analysedText(b);
  return search.analysedText(a).some((t) => words.includes(t));
};

/** A question asking what something is called: "what was it called", "the name of the post", "its title". */
const TITLE_ASKED = /\b(?:called|named|titled|entitled)\s*[?.!]*\s*$|\bwhat\s+(?:is|was|were|are|'s)\s+[^?.!,]*?\b(?:called|named|titled)\b|\b(?:name|title|headline)\s+of\b|\bwhat\s+(?:is|was|'s)\s+(?:its|the|their)\s+(?:name|title|headline)\b/i;

/** Where a text names something by its title: "a blog post **titled “**…" (the few words before are what is titled). */
const TITLE_MARK = /\b(?:titled|entitled|headlined|called|named|dubbed)\s*[“"]/giu;

/** Whether a text names by its title what the phrase names ("a blog post titled “…”" for "old blog"): it names the thing, not its words. */
function namedByTitle(search: Search, text: string, phrase: string): boolean {
  for (const match of text.matchAll(TITLE_MARK)) {
    // The three words before the mark, found backwards from it (a pattern anchored on them would try every position).
    const titled = (text.slice(Math.max(0, (match.index ?? 0) - 60), match.index).match(/[\p{L}\p{N}’'-]+/gu) ?? []).slice(-3);
    if (shareWord(search, titled.join(' '), phrase)) return true;
  }
  return false;
}

/** A verb of saying followed by what was said: "reveals that", "claimed that", "said it". */
const REPORTED_CONTENT = /\b(?:reveal|say|said|claim|allege|state|report|show|suggest|indicate|disclose|argue|assert|acknowledge|admit)(?:s|ed|d)?\s+that\b/i;

/** A date in an article's words: a year, a month or a weekday (general English). */
const DATE_TEXT = /\b((19|20)\d{2}|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;
/** A duration: "for almost a decade", "for two years", "since 2013", "until April 2019". */
const DURATION_TEXT = /\b(for|over|nearly|almost|about|around|some|than)\s+(a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|\d+)\s+(decades?|years?|months?|weeks?|days?)\b|\b(decades?|years?|months?|weeks?) (long|old)\b|\b(since|until|till) (\w+ )?(19|20)\d{2}\b/i;
/**
 * What a thing lets someone do: "allowed people to message", "allow consumers to send", "designed to". Not an
 * act's purpose ("cuts back in order to compete"): the question asks what a thing is for.
 */
const PURPOSE_TEXT = /\b(?:allow|allows|allowed|allowing|let|lets|letting|enable|enables|enabled|enabling|facilitate|facilitates|facilitated|facilitating|designed to|meant to|intended to)\b/i;

/** A frequency: "every two weeks", "bi-weekly", "daily", "once a month". */
const FREQUENCY_TEXT = /\b(?:every\s+(?:\w+\s+)?(?:day|week|weeks|month|months|year|years)|(?:bi-?)?(?:daily|weekly|monthly|yearly|annually|annual)|once\s+a\s+\w+|(?:twice|\w+\s+times)\s+a\s+\w+)\b/i;

/** A text looking ahead: "will have to", "remains to be seen", "is expected to", "has yet to". */
const FUTURE_TEXT = /\b(?:will|remains to be seen|yet to|expected to|set to|going to|is to|are to|upcoming|pending|scheduled)\b/i;

/** The words of a how-long question that name the unit it wants: "how many **years**", "how **long**". */
const DURATION_UNITS = /\b(long|time|decades?|years?|months?|weeks?|days?)\b/gi;

/** A reason, purpose or consequence: "to avoid", "due to", "because", "in exchange for", "in order to", "led to", "sparking". */
const CAUSE_TEXT = /\b(because|due to|owing to|caused by|as a result|in order to|so that|to avoid|to stop|in an effort to|aimed to|in exchange for|in return for|led to|leading to|prompted|thanks to|the reason|resulted in|resulting in|in turn|sparking|sparked|triggered|triggering|as a consequence)\b/i;

/** The entity a word names (by its name's or an alias's words), if any. */
function entityNamed(kase: Case, search: Search, words: string): Entity | undefined {
  // A phrase ("that old facebook blog post") names the entity of its first word that names one.
  for (const term of search.analyse(words)) {
    const entity = kase.vocabulary.entities.find((e) => [e.name, ...e.aliases].some((n) => search.analyse(n).includes(term)));
    if (entity) return entity;
  }
  return undefined;
}

/**
 * The article a question names by its publisher ("in the btw media article", "according to the giant freakin
 * robot piece", or by an alias the vocabulary gives the publication: "the gfr piece"): all of the name's words
 * are in the question. Its quotes are the ones asked for; the words are the ones naming it.
 */
function sourceNamed(kase: Case, search: Search, question: string): { id: SourceId; words: readonly string[] } | undefined {
  const asked = new Set(search.analyse(question));
  for (const [id, words] of publisherTerms(kase, search)) if (words.every((t) => asked.has(t))) return { id, words };
  return undefined;
}

const publishers = new WeakMap<Case, Array<[SourceId, string[]]>>();

/** Each article's publisher as search terms, for the articles that name one (once per case: a large corpus has hundreds). */
function publisherTerms(kase: Case, search: Search): Array<[SourceId, string[]]> {
  let terms = publishers.get(kase);
  if (!terms) {
    terms = [...kase.articles].flatMap(([id, article]): Array<[SourceId, string[]]> => {
      const publisher = article.about.publisher;
      if (!publisher) return [];
      const entity = kase.vocabulary.entities.find((e) => e.kind === 'publication' && e.name.toLowerCase() === publisher.toLowerCase());
      return [publisher, ...(entity?.aliases ?? [])].map((name) => search.analyse(name)).filter((words) => words.length).map((words): [SourceId, string[]] => [id, words]);
    });
    publishers.set(kase, terms);
  }
  return terms;
}

const newsYears = new WeakMap<Case, number>();

/** The year of the news the articles report: their latest publication date, or failing that the latest dated fact. */
function newsYear(kase: Case): number {
  let year = newsYears.get(kase);
  if (year === undefined) {
    const years = (dates: Array<string | null | undefined>) => dates.flatMap((d) => (d ? [Number(d.slice(0, 4))] : []));
    const published = years([...kase.articles.values()].map((a) => a.about.published));
    year = Math.max(...(published.length ? published : years(kase.facts.map((f) => ('date' in f ? f.date : null)))), 0);
    newsYears.set(kase, year);
  }
  return year;
}

/** Whether a document's words are (or hold) a side of one of the given disagreements: the words the sources differ on. */
function isSide(kase: Case, doc: SearchDoc, disputes: ReadonlySet<string>): boolean {
  const span = doc.kind === 'passage' ? kase.passageById.get(doc.item) : kase.factById.get(doc.item)?.citations[doc.part];
  if (!span) return false;
  return kase.disagreements.some((d) => disputes.has(d.id) && d.sides.some((side) => side.source === span.source && side.start < span.end && span.start < side.end));
}

/**
 * The recorded disagreements a "do the sources agree …" question is about: those whose summary or one of
 * whose sides matches its words nearly as well as the best ("one article says netflix denied it" is about
 * who denied, not about Musk's replies). All of them when the question names none in particular.
 */
function disputesAsked(kase: Case, search: Search, question: string): ReadonlySet<string> {
  const fit = kase.disagreements.map((d) => ({ id: d.id, fit: Math.max(search.relevanceOf(question, d.summary), ...d.sides.map((side) => search.relevanceOf(question, side.text))) }));
  const best = Math.max(0, ...fit.map((f) => f.fit));
  return new Set(fit.filter((f) => best === 0 || f.fit >= ASK_TUNING.disputeShare * best).map((f) => f.id));
}

/** The article a document quotes: a paragraph's, or the fact citation's. */
function sourceOf(kase: Case, doc: SearchDoc): SourceId | undefined {
  if (doc.kind === 'passage') return kase.passageById.get(doc.item)?.source;
  return kase.factById.get(doc.item)?.citations[doc.part]?.source;
}

const caseMemos = new WeakMap<Case, Map<string, Map<Entity, boolean>>>();

/** What a case says of an entity, computed once per case and entity (the case never changes; a reload is a new case). */
function memo(kase: Case, name: string, entity: Entity, compute: () => boolean): boolean {
  let byName = caseMemos.get(kase);
  if (!byName) caseMemos.set(kase, (byName = new Map()));
  let cache = byName.get(name);
  if (!cache) byName.set(name, (cache = new Map()));
  let value = cache.get(entity);
  if (value === undefined) cache.set(entity, (value = compute()));
  return value;
}

/** Whether the sources quote the entity anywhere: a fact made by them, or their name close to a quotation. */
function isQuoted(kase: Case, entity: Entity): boolean {
  return memo(kase, 'quoted', entity, () => findsQuoted(kase, entity));
}

function findsQuoted(kase: Case, entity: Entity): boolean {
  const made = (fact: ResolvedFact) => (fact.kind === 'claim' ? fact.claimant : fact.kind === 'denial' ? fact.denier : '');
  if (kase.facts.some((f) => names(made(f), entity))) return true;
  // Whole words, as names() matches them: "Stone" is not in "milestone".
  const everywhere = new RegExp(namePattern(entity).source, 'giu');
  for (const passage of kase.passages) {
    for (const match of passage.text.matchAll(everywhere)) {
      const at = match.index ?? 0;
      const near = passage.text.slice(Math.max(0, at - ASK_TUNING.quoteNear), at + match[0].length + ASK_TUNING.quoteNear);
      if (/[“”"]/.test(near)) return true;
    }
  }
  return false;
}

/** Whether a money fact involves the entity: as payer or payee, or named in its quotes. */
function moneyInvolves(kase: Case, fact: ResolvedFact, entity: Entity): boolean {
  if (fact.kind !== 'money') return false;
  return names(`${fact.payer ?? ''} ${fact.payee ?? ''}`, entity) || fact.citations.some((c) => names(c.text, entity));
}

/** Whether a text (a quote or a sentence) states an amount and names the entity. */
const amountWith = (text: string, entity: Entity): boolean => amountsIn(text).length > 0 && names(text, entity);

/** Whether the sources give any amount involving the entity: a money fact, or a sentence naming both (once per case). */
function hasFigure(kase: Case, entity: Entity): boolean {
  return memo(kase, 'figure', entity, () => kase.facts.some((f) => moneyInvolves(kase, f, entity)) || kase.passages.some((p) => passageSentences(p).some((s) => amountWith(s.text, entity))));
}

const amountYears = new WeakMap<Case, Map<string, boolean>>();

/** Whether the sources give any amount in a year: a money fact dated then, or a quote or sentence stating an amount and the year (once per case and year). */
function hasAmountIn(kase: Case, year: string): boolean {
  let byYear = amountYears.get(kase);
  if (!byYear) amountYears.set(kase, (byYear = new Map()));
  let found = byYear.get(year);
  if (found === undefined) {
    const states = (text: string) => text.includes(year) && amountsIn(text).length > 0;
    found = kase.facts.some((f) => (f.kind === 'money' && f.date?.startsWith(year)) || f.citations.some((c) => states(c.text))) || kase.passages.some((p) => passageSentences(p).some((s) => states(s.text)));
    byYear.set(year, found);
  }
  return found;
}

/** Whether a fact hit states an amount and involves the entity (as payer or payee, or named beside the amount). */
function involvesWithAmount(kase: Case, hit: Hit, entity: Entity): boolean {
  const fact = hit.kind === 'fact' ? kase.factById.get(hit.id) : undefined;
  if (!fact) return false;
  return fact.kind === 'money' ? moneyInvolves(kase, fact, entity) : fact.citations.some((c) => amountWith(c.text, entity));
}

/** Whether a hit states an amount: a money fact, or a text with a figure. */
function statesAmount(kase: Case, hit: Hit): boolean {
  const fact = hit.kind === 'fact' ? kase.factById.get(hit.id) : undefined;
  if (fact) return fact.kind === 'money' || fact.citations.some((c) => amountsIn(c.text).length > 0);
  return amountsIn(kase.passageById.get(hit.id)?.text ?? '').length > 0;
}

/**
 * A name in a phrase that the corpus never mentions: a word it does not know that is no English word either
 * ("sarandos"; not "guy" or "pr"), with the unknown words next to it ("ted sarandos"), as typed; or null.
 */
function unknownName(search: Search, phrase: string): string | null {
  let run: string[] = [];
  let named = false;
  for (const word of phrase.split(/\s+/)) {
    if (search.analyse(word).length && !knowsWord(search, word)) {
      run.push(word);
      named ||= !isEnglishWord(word);
    } else if (named) break;
    else run = [];
  }
  return named ? run.join(' ') : null;
}

/** Whether the corpus knows a word (or any word of a phrase) the user typed: as is, by synonym or as a typo. */
function knowsWord(search: Search, words: string): boolean {
  const terms = search.analyse(words);
  return terms.length === 0 || terms.some((t) => knowsTerm(search, t));
}

/** Whether the corpus knows an analysed term: as is, by synonym or as a typo. */
const knowsTerm = (search: Search, term: string): boolean => search.knowsExactly(term) || search.corrections(term).length > 0;

/** Words that say what kind of answer a *who* question wants, not what it is about. */
const ANSWER_TYPES = new Set('people ppl person persons persons guy guys folks man men woman women one ones company companies firm firms organisation organization someone somebody'.split(' '));

const namePatterns = new WeakMap<Entity, RegExp>();

/** The pattern of an entity's name or aliases as whole words (cached). */
function namePattern(entity: Entity): RegExp {
  let pattern = namePatterns.get(entity);
  if (!pattern) {
    const alternatives = [entity.name, ...entity.aliases].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives})(?![\\p{L}\\p{N}])`, 'iu');
    namePatterns.set(entity, pattern);
  }
  return pattern;
}

/** Whether a text names an entity (its name or an alias, as whole words). */
function names(text: string, entity: Entity): boolean {
  return namePattern(entity).test(text);
}

/**
 * Words a question uses for one of the vocabulary's kinds of entity (general English): "which **outlet** did …"
 * asks for a publication, "what **app** …" for a product. Only kinds whose names tell answers apart: a person or a
 * company is asked for by *who*, most texts name the story's organisations anyway, and "document" is too wide a
 * word (the court's documents are no entity).
 */
const KIND_WORDS: Partial<Record<Entity['kind'], ReadonlySet<string>>> = {
  publication: new Set('outlet newspaper paper publication publisher magazine newsroom tabloid'.split(' ')),
  product: new Set('product api'.split(' ')),
};

/** A plural read as its singular ("outlets", "companies", "businesses"); other words as they are. */
function singularOf(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|x|ch|sh)es$/.test(word)) return word.replace(/es$/, '');
  return word.replace(/(?<!s)s$/, '');
}

/**
 * The entities a "which / what KIND" question asks to be named: those of the kind its word names ("which news
 * **outlet** did meta give a statement to" → the publications), other than any the question names itself
 * ("according to Giant Freakin Robot" is where, not the answer). Empty for other questions.
 */
function kindAsked(kase: Case, question: string): { entities: readonly Entity[]; words: readonly string[]; kind?: string | undefined } {
  const words = question.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'which' && words[i] !== 'what') continue;
    for (let j = i + 1; j < Math.min(words.length, i + 3); j++) {
      const kind = (Object.keys(KIND_WORDS) as Array<Entity['kind']>).find((k) => KIND_WORDS[k]?.has(singularOf(words[j] as string)));
      // The words before the kind's ("**news** outlet") say what the answer is, not what it is about.
      if (kind) return { entities: kase.vocabulary.entities.filter((e) => e.kind === kind && !names(question, e)), words: words.slice(i + 1, j), kind: words[j] };
    }
  }
  return { entities: [], words: [] };
}

const nameTermCache = new WeakMap<Case, Set<string>>();

/** The analysed terms of every entity's name and aliases (kept per case). */
function nameTermsOf(kase: Case, search: Search): Set<string> {
  let terms = nameTermCache.get(kase);
  if (!terms) nameTermCache.set(kase, (terms = new Set(kase.vocabulary.entities.flatMap((e) => [e.name, ...e.aliases].flatMap((n) => search.analyse(n))))));
  return terms;
}

/**
 * For a *who* question, the entity whose role, as the sources give it, the question describes ("who runs
 * communications at …" → the one whose role is "… communications director"); undefined when no role covers
 * enough of the question.
 */
function roleAnswer(kase: Case, search: Search, question: string): Entity | undefined {
  // The role is described by the question's other words: not its names ("at Meta" says where, not what
  // role) and not the kind of answer it wants ("which people", "what company").
  const nameTerms = nameTermsOf(kase, search);
  const described = question
    .split(/\s+/)
    .filter((w) => !ANSWER_TYPES.has(w.toLowerCase()) && !search.analyse(w).some((t) => nameTerms.has(t)))
    .join(' ');
  if (!search.analyse(described).length) return undefined;
  // A role qualifies by the describing words alone; among those that do, the whole question ranks them
  // ("netflix ceo": two roles say "CEO", one of them says "Netflix").
  let best: Entity | undefined;
  let bestScore = 0;
  for (const entity of kase.vocabulary.entities) {
    if (!entity.role || search.relevanceOf(described, entity.role) <= ASK_TUNING.roleCoverage) continue;
    const score = search.relevanceOf(question, entity.role);
    if (score > bestScore) {
      best = entity;
      bestScore = score;
    }
  }
  return best;
}

const personNouns = new WeakMap<Case, ReadonlySet<string>>();
/** Words that make a question a clause rather than a bare noun phrase. */
const CLAUSE_WORDS = /\b(what|who|whom|whose|when|where|why|how|which|did|does|do|is|was|were|are|has|have|had|can|could|will|would|should|happened|happen|happens)\b/i;

/**
 * Whether a question's last content word is a noun for people (thesaurus.json `persons`, from WordNet):
 * "class action **plaintiffs**", "the btw media **reporter**". A plural is read as its singular.
 */
function headNamesPeople(kase: Case, search: Search, question: string): boolean {
  let nouns = personNouns.get(kase);
  if (!nouns) personNouns.set(kase, (nouns = new Set(kase.thesaurus.persons)));
  // Only a noun phrase: no question word, auxiliary or verb of happening ("what did netflix give the users" is no such question).
  if (CLAUSE_WORDS.test(question)) return false;
  const words = question.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  const head = [...words].reverse().find((w) => search.analyse(w).length > 0);
  // A name is no common noun here: "Messenger" is the app.
  if (!head || search.analyse(head).some((t) => nameTermsOf(kase, search).has(t))) return false;
  const singulars = [head, head.replace(/ies$/, 'y'), head.replace(/(s|x|ch|sh)es$/, '$1'), head.replace(/s$/, '')];
  return singulars.some((w) => nouns.has(w));
}

const makers = new WeakMap<ResolvedFact, Entity | null>();

/** The person or organisation whose statement a claim or denial is (its claimant or denier), if the vocabulary names one. */
function makerOf(kase: Case, fact: ResolvedFact): Entity | undefined {
  let maker = makers.get(fact);
  if (maker === undefined) {
    const made = fact.kind === 'claim' ? fact.claimant : fact.kind === 'denial' ? fact.denier : '';
    maker = (made && kase.vocabulary.entities.find((e) => (e.kind === 'person' || e.kind === 'organisation') && names(made, e))) || null;
    makers.set(fact, maker);
  }
  return maker ?? undefined;
}

/** Kinds beyond this many add no weight: a list of four answers "what kinds" fully. */
const MAX_KINDS = 4;

/**
 * How many different words a text puts right before one of the focus's terms ("**write** access, **read**
 * access" name two kinds of access), for the term it names most kinds of.
 */
function kindsNamed(sequence: readonly string[], focus: readonly string[], names: ReadonlySet<string>): number {
  let most = 0;
  for (const term of focus) {
    const kinds = new Set<string>();
    // A name before the word is who has it ("Netflix has access"), not a kind of it.
    for (let i = 1; i < sequence.length; i++) if (sequence[i] === term && sequence[i - 1] !== term && !names.has(sequence[i - 1] as string)) kinds.add(sequence[i - 1] as string);
    most = Math.max(most, kinds.size);
  }
  return most;
}

/** The largest multiplier {@link formWeight} can give for a question of this form. */
function maxFormWeight(form: QuestionForm): number {
  const w = ASK_TUNING.form;
  const byForm = { when: w.whenEvent, 'how-long': w.duration, why: w.cause, 'how-much': w.money, who: Math.max(w.role * (form.byline ? w.role : 1), w.person) * w.statementKind, said: Math.max(w.speakerQuoted, w.speaker, w.quoting) * (form.admits ? w.statementKind : 1), 'yes-no': w.claimOrDenial * w.quoting, open: 1 }[form.asks];
  return byForm * w.roleMention * (form.purpose && form.asks !== 'why' ? w.cause : 1) * (form.kinds ? 1 + (MAX_KINDS - 1) * w.eachKind : 1) * (form.hedged ? w.alleged : 1) * (form.compares ? w.differ * w.differ : 1) * (form.future ? w.future : 1) * (form.often ? w.frequency : 1) * (form.defines ? w.definition * w.alleged : 1) * (form.years.length ? w.yearMatch : 1) * (form.amounts.length ? w.amountMatch : 1);
}

/**
 * What weighing looks for beyond the form: the entity a "who / what is X" asks about, the words naming an
 * article in "who wrote the X one", what a "what kinds of" question's focus reaches (its synonyms too:
 * "permissions" reaches "access"), a "what is X" question's own terms, and what "besides X" sets aside.
 */
interface AskedTerms {
  /** "who wrote the btw media one": the words naming the article, which its byline label may hold; '' otherwise. */
  byline: string;
  /** "in the btw media article …": the article the question names, whose quotes it asks for. */
  source: SourceId | undefined;
  /** "who is meta": the entity asked about, whose role as the sources give it ("Facebook's parent company") answers. */
  identity: Entity | undefined;
  focus: readonly string[];
  asked: readonly string[];
  excluded: ReadonlyArray<ReadonlyArray<readonly string[]>>;
  /** "which outlet …": the entities of the kind asked for that the question does not name itself; see {@link kindAsked}. */
  kind: readonly Entity[];
  /** "do the sources agree …": the recorded disagreements it is about; see {@link disputesAsked}. */
  disputes: ReadonlySet<string>;
  /** "what was the blog post called": the question asks for a name or title. */
  titleAsked: boolean;
}

/**
 * Where a definition starts after the words it defines: "APIs **(a** software …", "“Titan API,” **a** private …",
 * "X **is a** …", "X **refers to the** …". The definition is the words after, up to a bracket or a clause's end.
 */
const DEFINITION_START = /[”"’']?\s*(?:\(\s*|,[”"]?\s+|\s+(?:is|are|was|were|means|refers\s+to)\s+)(?:a|an|the)\s+([^().;:]{3,80})|[”"’']?\s+(?:that|which)\s+((?:would|will|could|can|was\s+meant\s+to|is\s+meant\s+to)?\s*(?:allow|allowed|allows|let|lets|enable|enabled|enables|gave|give|gives|provide|provided|provides)\s+[^().;:]{3,80})/giu;
/**
 * The words naming what a "what is X" question asks about: X up to a preposition or the clause's end ("this
 * special relationship **between** netflix and facebook" asks what the relationship is, and a text defining it
 * need not name both).
 */
function definedWords(question: string): string {
  // "what did the plaintiffs mean by a special relationship": what follows "mean by".
  const meant = /\b(?:mean|meant)\s+by\s+(.+)$/i.exec(question)?.[1];
  // The clause asking: "whats an api anyway, i think one of the articles explains it" asks about "an api",
  // "sorry noob question, what even is an api" too; "special relationship?? what does that even mean" about the
  // clause before, when the asking one names nothing.
  const clauses = question.split(/[,;:.!?]+\s/);
  const at = clauses.findIndex((c) => /\b(what|whats|what's|wtf|wth)\b/i.test(c));
  const asking = at >= 0 && clauses[at] !== undefined && NAMES_NOTHING.test(clauses[at] as string) && at > 0 ? clauses[at - 1] : clauses[at];
  const clause = meant ?? asking ?? clauses[0] ?? question;
  // A relative clause qualifies it: "the “inbox api” **that** the court filing refers to" asks what the Inbox API is.
  return clause.split(/\s+(?:between|of|with|for|from|about|among|involving|in|on|described|mentioned|reported|cited|that|which)\s+/i)[0] ?? clause;
}

/** An asking clause that names nothing: "what does that even mean here", "what is it". */
const NAMES_NOTHING = /^\s*(?:so\s+|and\s+)?(?:what|whats|what's|wtf|wth)(?:\s+(?:does|did|do|is|was|are|were|that|this|it|even|exactly|actually|really|mean|means|here|then|now|s))*\s*$/i;

/** Whether two lists hold the same terms, each once or more. */
const sameTerms = (a: readonly string[], b: readonly string[]): boolean => a.every((t) => b.includes(t)) && b.every((t) => a.includes(t));

/** How many words before a definition name what it defines ("“Titan API,” a …": "Titan API"). */
const DEFINED_WORDS = 4;

/**
 * Whether a text says what the asked thing is in other words: the words naming it (all the asked terms
 * among the few words right before), then a definition that does not only name it again ("a private API"
 * defines "Titan API", but not "API").
 */
function definesInOtherWords(search: Search, text: string, asked: readonly string[]): boolean {
  if (!asked.length) return false;
  for (const match of text.matchAll(DEFINITION_START)) {
    const preceding = text.slice(Math.max(0, (match.index ?? 0) - 80), match.index);
    // A name in quotation marks is defined as a whole: "Meta’s “Inbox API,” which provides …" defines the
    // Inbox API, not "an API".
    const quoted = /[“"]([^“”"]+)[”"][,]?\s*$/u.exec(preceding + (match[0].match(/^[”"’']/) ? match[0][0] : ''));
    if (quoted && !sameTerms(search.analysedText(quoted[1] as string), asked)) continue;
    const before = preceding.match(/[\p{L}\p{N}]+/gu) ?? [];
    const named = search.analysedText(before.slice(-DEFINED_WORDS).join(' '));
    if (!asked.every((t) => named.includes(t))) continue;
    const defining = search.analysedText((match[1] ?? match[2]) as string);
    if (!asked.every((t) => defining.includes(t))) return true;
  }
  return false;
}

/**
 * What "besides X" sets aside, as parts ("netflix and spotify": each company), each part as its words, each
 * word as the terms reaching it (its synonyms too). Words the search drops (stop words) are no part of it.
 */
function setAside(search: Search, phrase: string): string[][][] {
  return phrase
    .split(/\s*(?:,|\band\b|\bor\b|&)\s*/)
    .map((part) => part.split(/\s+/).filter((word) => search.analyse(word).length).map((word) => search.reach(word)).filter((reach) => reach.length))
    .filter((part) => part.length);
}

/** Whether a text gives the entity's role as the sources do ("Meta, Facebook’s parent company, …"). */
const givesRole = (search: Search, text: string, entity: Entity): boolean => entity.role !== null && names(text, entity) && search.relevanceOf(entity.role, text) >= ASK_TUNING.roleIsQuestion;

/** The score multiplier the question's form gives an item. */
function formWeight(kase: Case, search: Search, form: QuestionForm, doc: SearchDoc, subject: Entity | undefined, role: Entity | undefined, terms: AskedTerms): number {
  const w = ASK_TUNING.form;
  const fact = doc.kind === 'fact' ? kase.factById.get(doc.item) : undefined;
  const date = fact && 'date' in fact ? fact.date : null;
  let weight = 1;
  switch (form.asks) {
    case 'when':
      if (fact?.kind === 'event') weight *= w.whenEvent;
      else if (date) weight *= w.whenDated;
      else if (DATE_TEXT.test(doc.text)) weight *= w.whenDatedText;
      break;
    case 'how-long':
      if (DURATION_TEXT.test(doc.text)) weight *= w.duration;
      break;
    case 'why':
      // What a thing is for is what it lets someone do; an act's reason ("in order to compete") is no answer to that.
      if (form.purpose ? PURPOSE_TEXT.test(doc.text) : CAUSE_TEXT.test(doc.text)) weight *= w.cause;
      break;
    case 'how-much':
      if (fact?.kind === 'money') weight *= w.money;
      else if (/\$\s?\d/.test(doc.text)) weight *= w.amountText;
      break;
    case 'who':
      if (form.statement && fact?.kind === form.statement) weight *= w.statementKind;
      if (terms.identity) {
        if (givesRole(search, doc.text, terms.identity)) weight *= w.role;
        break;
      }
      // The entity whose role the question describes is the answer; without one, any named person may be.
      // A passage's label is its byline (the answer to "who wrote …"); a fact's label is the same summary for
      // each of its quotes, so only the quote itself can tell them apart.
      if (role) weight *= names(doc.text, role) || (doc.kind === 'passage' && names(doc.label, role)) ? w.role : 1;
      // "who wrote …": a paragraph under a byline naming a person.
      else if (form.byline && doc.kind === 'passage' && kase.vocabulary.entities.some((e) => e.kind === 'person' && names(doc.label, e))) {
        weight *= w.role;
        // "who wrote the btw media one": the article is named by its byline's publisher, not by words in its text.
        if (terms.byline && search.relevanceOf(terms.byline, doc.label) >= ASK_TUNING.roleCoverage) weight *= w.role;
      }
      else if (kase.vocabulary.entities.some((e) => e.kind === 'person' && doc.text.includes(e.name))) weight *= w.person;
      break;
    case 'said': {
      const made = fact?.kind === 'claim' ? fact.claimant : fact?.kind === 'denial' ? fact.denier : '';
      // X's words: a claim or denial X made, or a text naming X beside a quotation; best of all, the quote
      // that gives X's words as X said them (in quotation marks).
      const quotes = quotesWords(doc.text);
      const madeBy = subject !== undefined && made !== '' && [subject.name, ...subject.aliases].some((n) => made.includes(n));
      // A quotation naming X is X's words unless the fact is someone else's statement (Meta's spokesman
      // mentioning Netflix); a publication reporting is no one else speaking.
      // In a paragraph, someone else is speaking when another person or organisation is said to speak
      // ("Meta is disputing … He stated, “…”") and X is not.
      const maker = fact ? makerOf(kase, fact) : undefined;
      let othersSpeak: boolean | undefined;
      const someoneElseSpeaks = () => (othersSpeak ??= subject !== undefined && !speaks(doc.text, subject) && spokenByOther(kase, doc.text, subject));
      const voicedByOther = fact ? maker !== undefined && maker !== subject && !madeBy : quotes && someoneElseSpeaks();
      // X's statement for certain: made by X, or X's name before a reporting verb ("Netflix has not replied").
      // Quoted words beside X's name may be X's, unless the text reports something about X ("it claims that
      // Netflix had …"): those words are the reporter's.
      const own = madeBy || (subject !== undefined && speaks(doc.text, subject));
      const maybeOwn = !own && subject !== undefined && quotes && names(doc.text, subject) && !voicedByOther && !reportedAbout(doc.text, subject);
      // "what did the blog post say": a text naming it by its title ("a blog post titled “…”") gives none of its
      // words. Asked its name ("what was the blog post called"), its title is the answer.
      const phrase = form.speaker ?? '';
      if (phrase && terms.titleAsked) weight *= namedByTitle(search, doc.text, phrase) ? w.speakerQuoted : 1;
      else if (phrase && namedByTitle(search, doc.text, phrase)) weight *= w.titleOnly;
      else if (own) weight *= quotes ? w.speakerQuoted : w.speaker;
      else if (maybeOwn) weight *= SPOKEN_QUOTE.test(doc.text) ? w.speakerQuoted : w.quotedNear;
      // Whose words, when no one the vocabulary names ("what did the filing reveal"): a text giving what was
      // said ("the filing reveals that …"), not one only naming the act ("a filing revealed during discovery").
      else if (!subject && REPORTED_CONTENT.test(doc.text)) weight *= w.speaker;
      else if (quotes) weight *= w.quoting;
      // "does meta admit …": a text where something is conceded ("while Meta acknowledges …") is the kind of words asked for.
      if (form.admits && ADMITS.test(doc.text) && (!subject || own || maybeOwn)) weight *= w.statementKind;
      // Someone else's words about X ("Meta denied … commenting on Netflix's …") are not X's; asked "according
      // to X", nothing but X's own account is.
      if (subject && !own && !maybeOwn && (form.according || (fact && maker !== undefined ? maker !== subject : someoneElseSpeaks()))) weight *= w.othersWords;
      break;
    }
    case 'yes-no':
      if (fact?.kind === 'claim' || fact?.kind === 'denial') weight *= w.claimOrDenial;
      if (quotesWords(doc.text)) weight *= w.quoting;
      // "did netflix read dms": the claim in the news and its denial; a claim or denial dated years before the
      // news is an earlier round the articles recount ("the New York Times reported in 2018 …"), unless the
      // question asks back then.
      if ((fact?.kind === 'claim' || fact?.kind === 'denial') && date && !form.years.length && !form.earlier && Number(date.slice(0, 4)) <= newsYear(kase) - ASK_TUNING.earlierYears) weight *= w.earlierRound;
      break;
    case 'open':
      break;
  }
  // "according to meta, what was the deal for": Meta's words, and of them what the deal allowed.
  if (form.purpose && form.asks !== 'why' && PURPOSE_TEXT.test(doc.text)) weight *= w.cause;
  if (form.kinds && terms.focus.length) weight *= 1 + w.eachKind * Math.min(MAX_KINDS - 1, Math.max(0, kindsNamed(search.analysedText(doc.text), terms.focus, nameTermsOf(kase, search)) - 1));
  if (terms.source !== undefined && sourceOf(kase, doc) === terms.source) weight *= w.fromSource;
  if (form.future && FUTURE_TEXT.test(doc.text)) weight *= w.future;
  if (form.often && FREQUENCY_TEXT.test(doc.text)) weight *= w.frequency;
  // "what is the special relationship": what it is said to be, the claim; its denial shows as the other side.
  if (form.defines && fact?.kind === 'claim') weight *= w.alleged;
  if (form.defines && (definesInOtherWords(search, doc.text, terms.asked) || (terms.identity !== undefined && givesRole(search, doc.text, terms.identity)))) weight *= w.definition;
  if (terms.excluded.length) {
    const text = search.analysedText(doc.text);
    // A part of what is set aside is named when each of its words is ("reading messages": both).
    if (terms.excluded.some((part) => part.every((word) => word.some((t) => text.includes(t))))) weight *= w.excluded;
  }
  if (terms.kind.some((e) => names(doc.text, e))) weight *= w.namesKind;
  if (form.hedged && fact?.kind === 'claim') weight *= w.alleged;
  if (form.compares && fact && fact.disagreements.some((id) => terms.disputes.has(id))) weight *= w.differ;
  // The very words the sources disagree on (a side of a recorded disagreement) say best where they differ.
  if (form.compares && isSide(kase, doc, terms.disputes)) weight *= w.differ;
  if (role && form.asks !== 'who' && (names(doc.text, role) || (doc.kind === 'passage' && names(doc.label, role)))) weight *= w.roleMention;
  if (form.years.length) {
    if (date && form.years.some((y) => date.startsWith(y))) weight *= w.yearMatch;
    else if (form.years.some((y) => doc.text.includes(y))) weight *= w.yearText;
  }
  if (form.amounts.length) {
    if (fact?.kind === 'money' && form.amounts.includes(fact.amount)) weight *= w.amountMatch;
    else if (amountsIn(doc.text).some((a) => form.amounts.includes(a))) weight *= w.amountInText;
  }
  return weight;
}

/** Whether a quote (read in its context: a sentence in its paragraph) holds the kind of answer asked for; see {@link answersForm}. */
type Answers = (text: string, context?: string) => boolean | undefined;

/**
 * Whether a quote holds the kind of answer the question's form asks for: for "who / what is X" about an entity
 * with a role, that role as the sources give it; a date for *when*, a duration for *how long*, an amount for
 * *how much*, a reason (or for "what is X for", what X allows) for *why*, the person (or the role's holder) for
 * *who*, and for *what did X say* quoted words in a text (or the paragraph around it) naming X. Undefined when
 * the form asks for no kind.
 */
function answersForm(kase: Case, search: Search, form: QuestionForm, text: string, context: string, subject: Entity | undefined, role: Entity | undefined, identity: Entity | undefined, asked: readonly string[]): boolean | undefined {
  if (identity && (form.asks === 'who' || form.defines)) return givesRole(search, text, identity);
  // "what was the special relationship": a text saying what it is in other words.
  if (form.defines && form.asks === 'open' && asked.length) return definesInOtherWords(search, text, asked);
  switch (form.asks) {
    case 'when':
      return DATE_TEXT.test(text);
    case 'how-long':
      return DURATION_TEXT.test(text);
    case 'how-much':
      return statesMoney(text);
    case 'why':
      return form.purpose ? PURPOSE_TEXT.test(text) : CAUSE_TEXT.test(text);
    case 'who':
      return role ? names(text, role) : kase.vocabulary.entities.some((e) => e.kind === 'person' && names(text, e));
    case 'said':
      // X's words as a text naming X gives them ("Andy Stone … He stated, “…”", not "As Meta told Fox Business").
      return quotesWords(text) && (subject === undefined || names(context, subject));
    default:
      return undefined;
  }
}

/**
 * The quote a fact leads with: the one the search matched best, unless it lacks the kind of answer the
 * question asks for and another of the fact's quotes has it ("who …" leads with the quote naming them).
 */
function leadCitation(search: Search, question: string, fact: ResolvedFact, matched: ResolvedCitation | undefined, answers: (text: string) => boolean | undefined, defines = false): ResolvedCitation {
  const first = matched ?? bestCitation(search, question, fact);
  // "what is X" leads with the fullest account, unless the form asks for a kind of quote ("what is meta": its role).
  if (defines && !fact.citations.some((c) => answers(c.text) === true)) return fullestAccount(search, question, fact, first);
  if (answers(first.text) !== false) return first;
  const typed = fact.citations.filter((c) => answers(c.text));
  if (!typed.length) return first;
  return typed.reduce((best, c) => (search.relevanceOf(question, c.text) > search.relevanceOf(question, best.text) + 1e-9 ? c : best));
}

/**
 * For "what is X": of the quotes that match the question nearly as well as the best, the one saying most
 * besides the question's own words (what X *is*, not only that it exists).
 */
function fullestAccount(search: Search, question: string, fact: ResolvedFact, first: ResolvedCitation): ResolvedCitation {
  const asked = new Set(search.analyse(question));
  const best = search.relevanceOf(question, first.text);
  const said = (c: ResolvedCitation) => new Set(search.analyse(c.text).filter((t) => !asked.has(t))).size;
  let lead = first;
  for (const c of fact.citations) {
    if (search.relevanceOf(question, c.text) >= best * ASK_TUNING.definesShare && said(c) > said(lead)) lead = c;
  }
  return lead;
}

/** Whether quotes cover most of a sentence (at least the repeat share of its characters): showing both would repeat it. */
function covers(quotes: readonly ResolvedCitation[], sentence: ResolvedCitation): boolean {
  const overlap = quotes.filter((c) => c.source === sentence.source).reduce((n, c) => n + Math.max(0, Math.min(c.end, sentence.end) - Math.max(c.start, sentence.start)), 0);
  return overlap >= (sentence.end - sentence.start) * ASK_TUNING.repeatShare;
}

/** Two facts that quote the same words (a money figure and its dated event): the answer shows one. */
function twins(a: ResolvedFact, b: ResolvedFact): boolean {
  return a.citations.some((x) => b.citations.some((y) => x.source === y.source && x.start < y.end && y.start < x.end));
}

/** The citation of a fact that covers most of the question; the shortest of equals (quickest to read). */
function bestCitation(search: Search, question: string, fact: ResolvedFact): ResolvedCitation {
  let best = fact.citations[0] as ResolvedCitation;
  let bestScore = -1;
  for (const citation of fact.citations) {
    const score = search.relevanceOf(question, citation.text);
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && citation.text.length < best.text.length)) {
      best = citation;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The sentence of a passage that best answers the question (of those holding the kind of answer asked for,
 * if any: its words, weighed by the question's form), and
 * how well it does against the whole passage (0..1): the share of the passage's relevance the sentence keeps.
 */
function leadSentence(search: Search, question: string, passage: Passage, weigh: (doc: SearchDoc) => number, answers: Answers): { lead: ResolvedCitation; share: number } {
  const doc = (text: string): SearchDoc => ({ id: passage.id, item: passage.id, part: 0, kind: 'passage', text, label: '', sources: 1 });
  const all = passageSentences(passage);
  // Sentences holding the kind of answer asked for come first, when the passage has any.
  // A sentence is read in its paragraph: "He stated, “…”" gives the words of the one the paragraph names.
  const typed = all.filter((s) => answers(s.text, passage.text));
  const sentences = typed.length ? typed : all;
  let lead = sentences[0] as ResolvedCitation;
  let best = -1;
  for (const sentence of sentences) {
    const score = search.relevanceOf(question, sentence.text) * weigh(doc(sentence.text));
    if (score > best + 1e-9) [lead, best] = [sentence, score];
  }
  const whole = search.relevanceOf(question, passage.text) * weigh(doc(passage.text));
  return { lead, share: whole > 0 ? Math.min(1, best / whole) : 1 };
}

/** Ranked answer items for a question, or a decline when the sources don't cover it. */
export function answerQuestion(kase: Case, search: Search, question: string): AskOutcome {
  const form = readQuestion(question);
  const early = declineByForm(kase, search, question, form);
  if (early) return early;
  // "according to the giant freakin robot piece": an article named by its publisher says where, not who speaks.
  const source = sourceNamed(kase, search, question);
  const named = source?.id;
  const publisherWords = new Set(source?.words ?? []);
  const bySource = form.subject !== null && named !== undefined && search.analyse(form.subject).every((t) => publisherWords.has(t) || !search.knowsExactly(t));
  // The question's subject is then what it asks about besides the article: "which outlet did meta give its
  // statement to, according to giant freakin robot" is about Meta.
  if (bySource) Object.assign(form, { according: false, subject: readQuestion(question.replace(/\baccording\s+to\b/gi, ' ')).subject });
  const subject = form.subject && (!bySource || !search.analyse(form.subject).every((t) => publisherWords.has(t))) ? entityNamed(kase, search, form.subject) : undefined;
  const unanswered = unansweredBySubject(kase, question, form, subject);
  if (unanswered) return { kind: 'decline', unknown: [], unanswered };
  // "how much … in 2019" when no amount of the sources is of 2019: none can answer it.
  if (form.asks === 'how-much' && !form.counts && form.years.length && !form.years.some((year) => hasAmountIn(kase, year))) return { kind: 'decline', unknown: [], noAmountIn: form.years[0] as string };

  // Outside who-questions, only a person's role counts: a product's or an organisation's role describes a
  // topic ("Facebook's messaging app") that most questions about it share.
  // "who wrote …" is answered by bylines, not by a role that happens to say "author".
  const described = form.byline ? undefined : roleAnswer(kase, search, question);
  const role = described && (form.asks === 'who' || described.kind === 'person') ? described : undefined;
  refineForm(kase, search, question, form, role);
  // "tldr?", "is any of this true": the case's first topic (topics.json), its claim with its denial.
  const overview = form.overview ? kase.topics[0]?.label : undefined;
  if (overview) form.asks = 'yes-no';
  // "when did this all start", "how long has this been going on": a form with no topic asks it of the story as
  // a whole, its first topic (topics.json): the facts filed under it, or for a when-question every dated event.
  const asked = kindAsked(kase, question);
  const kindWords = asked.entities.length && asked.words.length ? search.analyse(asked.words.join(' ')) : [];
  const articleNouns = search.analyse(ARTICLE_NOUNS.join(' '));
  const searched = searchWords(search, question, form);
  // "who wrote the nyt article": a publication the sources name but none of them is by; its article is not here.
  if (form.byline && !named) {
    const publishers = new Set([...kase.articles.values()].map((a) => a.about.publisher?.toLowerCase()));
    const other = kase.vocabulary.entities.find((e) => e.kind === 'publication' && !publishers.has(e.name.toLowerCase()) && names(question, e));
    if (other) return { kind: 'decline', unknown: [], unanswered: { name: other.name, role: other.role, wants: 'article' } };
  }
  // "who wrote the btw media one", "who wrote these articles": with no topic beyond the article, its byline answers.
  if (form.byline && !role) {
    const topic = search.analyse(searched).filter((t) => !publisherWords.has(t) && !articleNouns.includes(t) && !WROTE.test(t));
    if (!topic.length) return { kind: 'bylines', sources: named ? [named] : [...kase.articles.keys()] };
  }
  const words = withoutWords(search, searched, new Set([...(form.byline ? [] : [...publisherWords, ...(named ? articleNouns : [])]), ...kindWords]));
  const story = !overview && ['when', 'how-long', 'why'].includes(form.asks) && !search.analyse(words).length ? kase.topics[0] : undefined;
  const storyFacts = story ? (id: string) => { const fact = kase.factById.get(id); return fact !== undefined && (form.asks === 'when' ? fact.kind === 'event' : fact.topics.includes(story.id)); } : undefined;
  const wanted = overview ?? story?.label ?? words;
  // "who is meta", "what is meta": a question that is only a name with a role asks for that role.
  const nameOnly = subject?.role && search.analyse(wanted).every((t) => nameTermsOf(kase, search).has(t));
  const terms: AskedTerms = {
    identity: nameOnly && (form.asks === 'who' || form.defines) ? subject : undefined,
    byline: form.byline ? wanted : '',
    source: named,
    focus: form.kinds && form.focus ? search.reach(form.focus) : [],
    asked: form.defines ? search.analyse(definedWords(wanted)) : [],
    excluded: form.excludes ? setAside(search, form.excludes) : [],
    kind: asked.entities,
    disputes: form.compares ? disputesAsked(kase, search, wanted) : new Set(),
    titleAsked: TITLE_ASKED.test(question),
  };
  const weigh = (doc: SearchDoc) => formWeight(kase, search, form, doc, subject, role, terms);
  const outcome = search.search(wanted, {
    limit: 40,
    weigh,
    maxWeight: maxFormWeight(form) * (named ? ASK_TUNING.form.fromSource : 1) * (terms.kind.length ? ASK_TUNING.form.namesKind : 1),
    ...(form.focus ? { focus: { words: form.focus, weight: ASK_TUNING.focusWeight } } : {}),
    // "who wrote …" is answered by an article's byline, which only its paragraphs carry.
    ...(form.byline && !role ? { kinds: ['passage' as const] } : {}),
    ...(storyFacts ? { filter: storyFacts } : {}),
  });
  if (outcome.abstain || !outcome.hits.length) {
    // Named from the words searched: a word left out on purpose ("wrote" in "who wrote …") is not unknown.
    const unknown = outcome.terms.length ? (wanted.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).filter((w) => search.analyse(w).some((t) => !outcome.known.includes(t))).slice(0, 3) : [];
    if (!unknown.length && form.byline) return { kind: 'bylines', sources: [...kase.articles.keys()] };
    const pointTo = !unknown.length && form.compares && kase.disagreements.length ? 'disagreements' : undefined;
    return { kind: 'decline', unknown, ...(pointTo ? { pointTo } : {}) };
  }
  if (form.asks === 'how-much' && subject && amountIsSomeoneElses(kase, search, form, subject, outcome.hits, amountClause(question))) {
    return { kind: 'decline', unknown: [], unanswered: { name: subject.name, role: subject.role, wants: 'amount-for' } };
  }
  // "which outlet did meta give a statement to": a quote naming one leads, if it holds what the form asks for too.
  // "one article says netflix denied it, which is it": the words the sources differ on answer, whatever else the form asks.
  const sides = kase.disagreements.filter((d) => terms.disputes.has(d.id)).flatMap((d) => d.sides.map((side) => side.text));
  const answers: Answers = (text, context = text) => {
    if (sides.some((side) => text.includes(side) || side.includes(text))) return true;
    const own = answersForm(kase, search, form, text, context, subject, role, terms.identity, terms.asked);
    return terms.kind.length ? terms.kind.some((e) => names(text, e)) && own !== false : own;
  };
  const { hits, leads } = earliestFirst(kase, form, rankBySentence(kase, search, question, outcome.hits, weigh, answers), storyFacts !== undefined);
  const items = assemble(kase, search, question, form, hits, leads, answers);
  // "how many ppl's dms did netflix read": only a number of what is counted answers, and none of the best items gives one.
  // A count of people or companies may be given by naming them ("how many companies": Netflix and Spotify).
  if (form.asks === 'how-much' && form.counted && !countsPeople(form.counted) && items.length) {
    const counted = search.reach(form.counted);
    if (counted.length && !items.slice(0, ASK_TUNING.countItems).some((item) => itemTexts(item).some((text) => statesCount(search, text, counted)))) return { kind: 'decline', unknown: [], noCount: form.counted };
  }
  // "which court is handling the case": a which-question asks for one it can name, and none of the best items names one.
  // "which article says …" asks about the sources, and "which facebook …" names its own kind.
  const focusWords = form.focus?.split(' ') ?? [];
  const kind = asked.entities.length ? asked.kind : form.which && !form.kinds && ['open', 'yes-no', 'how-much'].includes(form.asks) && !focusWords.some((w) => /^(articles?|sources?|ones?)$/.test(w)) ? focusWords.pop() : undefined;
  // "which regulator fined meta": a kind the corpus has no word for names one only by a synonym ("rule" is no regulator named).
  if (kind && !asked.entities.length && items.length && !countsPeople(kind) && !knowsWord(search, kind) && isEnglishWord(kind)) {
    const written = search.reach(kind);
    // A word for people or companies the corpus lacks ("which billionaire amplified the posts") is answered by
    // the one the best items name.
    const others = kase.vocabulary.entities.filter((e) => (e.kind === 'person' || e.kind === 'organisation') && !names(question, e));
    const top = items.slice(0, ASK_TUNING.countItems);
    if (!top.some((item) => itemTexts(item).some((text) => namesOne(search, text, written) || others.some((e) => names(text, e))))) return { kind: 'decline', unknown: [], noName: kind };
  }
  if (kind && items.length && !countsPeople(kind) && knowsWord(search, kind) && !search.analyse(kind).some((t) => nameTermsOf(kase, search).has(t))) {
    // The kind as the corpus has it, or for a word it lacks ("bigwigs") its story synonyms ("executives"): not the
    // synonyms of a word it has ("court" would reach "lawsuit", named beside its plaintiffs).
    const own = search.analyse(kind);
    const written = own.length && own.every((t) => search.vocabulary.has(t)) ? own : search.reach(kind);
    if (!items.slice(0, ASK_TUNING.countItems).some((item) => itemTexts(item).some((text) => namesOne(search, text, written) || terms.kind.some((e) => names(text, e))))) return { kind: 'decline', unknown: [], noName: kind };
  }
  // "how much did netflix pay for the titan api access", "how much was meta fined over the netflix dm thing": none
  // of the best items states an amount, or what the money was for, asked, is in none of those that do.
  if (form.asks === 'how-much' && !form.counts && subject) {
    const wanted = PAID_FOR.exec(question.toLowerCase().replace(/[’`]/g, "'"))?.[1];
    // What it was for in the question's own words, the one asked about aside; a single word ("over time", "for
    // real", "over privacy") is too little to tell what an amount was for.
    const own = new Set(search.analyse(subject.name));
    const purpose = wanted ? [...new Set(search.analyse(wanted).filter((t) => !own.has(t)))] : [];
    const priced = items.slice(0, ASK_TUNING.countItems).filter((item) => (item.kind === 'fact' && item.fact.kind === 'money') || itemTexts(item).some(statesMoney));
    const namesPurpose = (item: Item) => {
      const said = new Set([...itemTexts(item), item.kind === 'fact' && item.fact.kind === 'money' ? item.fact.purpose : ''].flatMap((text) => search.analysedText(text)));
      return purpose.some((t) => said.has(t));
    };
    // None of them states an amount at all (the sources give none for this), or none names anything it was for.
    if (!priced.length || (purpose.length >= 2 && !priced.some(namesPurpose))) {
      return { kind: 'decline', unknown: [], unanswered: { name: subject.name, role: subject.role, wants: 'amount-for' } };
    }
  }
  // "when did hastings join the board": the best answer says only until when ("a board member until April 2019").
  const first = items[0];
  if (form.begins && first?.kind === 'fact' && first.fact.kind === 'event' && first.fact.qualifier === 'until') return { kind: 'decline', unknown: [], noStart: first.fact.date };
  // "when did netflix's titan api access end": the best answer dates its beginning ("granted … in August 2013") and says no end.
  if (form.ends && first?.kind === 'fact' && first.fact.kind === 'event' && first.fact.qualifier !== 'until' && first.fact.citations.some((c) => START_TEXT.test(c.text)) && !first.fact.citations.some((c) => END_WORDS.test(c.text.toLowerCase().replace(/end-to-end/g, ' ')))) return { kind: 'decline', unknown: [], noEnd: first.fact.date };
  return items.length ? { kind: 'answer', items, form } : { kind: 'decline', unknown: [] };
}

/** Whether a text states an amount of money ("$150 million", "150 million dollars"). */
const statesMoney = (text: string): boolean => /\$\s?\d/.test(text) || amountsIn(text).length > 0;

/** A text saying something began: "was **granted** to Netflix back in August 2013", "**launched**", "**since**". */
const START_TEXT = /\b(granted|launched|began|begun|started|starting|since|joined|introduced|opened|first|signed)\b/i;

/** Words that open a sentence or a phrase with a capital without being a name. */
const NOT_NAMES = new Set('the a an this that these those it its in on at for by as and but or if so while when after before according'.split(' '));

/**
 * Whether a text names one of a kind: a word of the kind with a name beside it ("the **Titan** API", "a blog post
 * titled “**Facts** …”", "CEO **Mark** Zuckerberg"), not only the kind ("the newly unsealed court documents").
 */
function namesOne(search: Search, text: string, kind: readonly string[]): boolean {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  for (let i = 0; i < tokens.length; i++) {
    const [term] = search.analyse((tokens[i] as RegExpMatchArray)[0]);
    if (!term || !kind.includes(term)) continue;
    for (let j = Math.max(0, i - 2); j <= Math.min(tokens.length - 1, i + 3); j++) {
      if (j === i) continue;
      const token = tokens[j] as RegExpMatchArray;
      const word = token[0];
      const at = token.index ?? 0;
      // A capital after a sentence's end is the sentence's, not a name's.
      const opensSentence = at === 0 || /[.!?]["”’]?\s*$/.test(text.slice(Math.max(0, at - 3), at));
      if (/^\p{Lu}/u.test(word) && !opensSentence && !NOT_NAMES.has(word.toLowerCase())) return true;
    }
  }
  return false;
}

/**
 * "when did netflix first get access", "when did it all start": of the dated facts that answer nearly as well as
 * the best, the earliest leads (the search cannot know that the oldest date is the one asked for).
 */
function earliestFirst<T extends { hits: Hit[] }>(kase: Case, form: QuestionForm, ranked: T, wholeStory: boolean): T {
  if (form.asks !== 'when' || !form.earliest) return ranked;
  // Of the whole story ("when did it all start"), the earliest dated event, however well its words match.
  const top = wholeStory ? 0 : (ranked.hits[0]?.score ?? 0);
  const dateOf = (hit: Hit) => {
    const fact = hit.kind === 'fact' ? kase.factById.get(hit.id) : undefined;
    return fact && 'date' in fact && fact.date ? fact.date : undefined;
  };
  const close = ranked.hits.filter((hit) => hit.score >= top * ASK_TUNING.earliestShare && dateOf(hit) !== undefined);
  const earliest = close.reduce<Hit | undefined>((best, hit) => (best === undefined || (dateOf(hit) as string) < (dateOf(best) as string) ? hit : best), undefined);
  if (!earliest || earliest === ranked.hits[0]) return ranked;
  return { ...ranked, hits: [earliest, ...ranked.hits.filter((hit) => hit !== earliest)] };
}

/** Nouns for those a count may be given of by naming them ("how many partners": Netflix and Spotify), beside {@link ANSWER_TYPES}. */
const NAMED_KINDS = new Set('partner partners business businesses app apps service services platform platforms executive executives plaintiff plaintiffs party parties'.split(' '));

/** Whether a counted word is a noun for people or companies that naming them counts ("people", "partners"); not "users". */
function countsPeople(word: string): boolean {
  return ANSWER_TYPES.has(word) || NAMED_KINDS.has(word);
}

/** The texts an item can show: a fact's quotes, a passage's paragraph. */
const itemTexts = (item: Item): string[] => (item.kind === 'fact' ? item.fact.citations.map((c) => c.text) : [item.passage.text]);

/** A number, in figures or in words: "150", "half a billion", "two". */
const NUMBER = /^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half)$/i;
/** How many words before what is counted its number may stand ("more than half a billion users"). */
const COUNT_REACH = 3;

/** Whether a text gives a number of one of the counted terms: a number among the few words before it. */
function statesCount(search: Search, text: string, counted: readonly string[]): boolean {
  const tokens = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const [term] = search.analyse(tokens[i] as string);
    if (term && counted.includes(term) && tokens.slice(Math.max(0, i - COUNT_REACH), i).some((t) => NUMBER.test(t))) return true;
  }
  return false;
}

/** What the question's words say of its form once the corpus is known: a name alone, a role alone, people alone. */
function refineForm(kase: Case, search: Search, question: string, form: QuestionForm, role: Entity | undefined): void {
  // A question that is nothing but a name ("titan api??") asks what it is: the fullest account answers.
  const asked = search.analyse(question);
  if (form.asks === 'open' && asked.length > 0 && asked.every((t) => nameTermsOf(kase, search).has(t))) form.defines = true;
  // A question that is nothing but a role ("the btw media reporter") asks who holds it.
  if (role?.role && form.asks === 'open' && !form.future && search.relevanceOf(question, role.role) >= ASK_TUNING.roleIsQuestion) form.asks = 'who';
  // A question that is only a noun phrase naming people ("the class action plaintiffs") asks who they are.
  if (form.asks === 'open' && !form.defines && headNamesPeople(kase, search, question)) form.asks = 'who';
}

/** Words for an article itself ("the gfr **piece**"), as search terms: beside its publisher's name they only name it. */
const ARTICLE_NOUNS = ['piece', 'article', 'story', 'writeup'];

/**
 * The words left to search for once those naming the article asked about are taken out ("according to giant
 * freakin robot": the article's quotes weigh more; its publisher's words are no topic, and "giant" would find
 * "the streaming giant"). The words as they were when nothing would be left.
 */
function withoutWords(search: Search, words: string, dropped: ReadonlySet<string>): string {
  if (!dropped.size) return words;
  const kept = words.split(/\s+/).filter((w) => !search.analyse(w).some((t) => dropped.has(t))).join(' ');
  return search.analyse(kept).length ? kept : words;
}

/**
 * The words to search for: the question's, less those naming the kind of answer wanted rather than what it is
 * about ("who are the **people** suing …", "who **wrote** the …", "how many **years** did …": "two years" of
 * something else do not answer).
 */
function searchWords(search: Search, question: string, form: QuestionForm): string {
  // "has netflix commented or are they staying quiet": an alternative the corpus knows no word of restates the
  // question in other words; the question is its first part.
  const alternative = /^(.*\S)\s+or\s+([^,;.!?]+)[?.!]*\s*$/i.exec(question);
  if (alternative && search.analyse(alternative[1] as string).length) {
    const tail = search.analyse(alternative[2] as string);
    if (tail.length && !tail.some((t) => knowsTerm(search, t))) question = alternative[1] as string;
  }
  // "anything else besides the netflix stuff": what is set aside is not looked for.
  if (form.excludes) {
    const kept = question.toLowerCase().replace(/[’`]/g, "'").replace(form.excludes, ' ');
    if (search.analyse(kept).length) question = kept;
  }
  // "what happens next with the case": the case is looked for, its next step is the form's (a text looking ahead).
  if (form.future) {
    const kept = question.replace(FUTURE_WORDS, ' ');
    if (search.analyse(kept).length) question = kept;
  }
  // "when did netflix first get access": "first" says which date, not what about.
  if (form.earliest) question = question.replace(EARLIEST_WORDS, ' ');
  if (form.asks === 'how-long') return question.replace(DURATION_UNITS, ' ');
  if (form.asks !== 'who') return question;
  const words = question.split(/\s+/).filter((w) => !ANSWER_TYPES.has(w.toLowerCase()));
  // "who wrote this": with nothing left but the writing, the writing is what to search for.
  const topic = words.filter((w) => !(form.byline && WROTE.test(w.toLowerCase()))).join(' ');
  return search.analyse(topic).length ? topic : words.join(' ');
}

/** What a *how much* question says the money was for: "… pay **for the titan api access**", "fined **over the netflix dm thing**". */
const PAID_FOR = /\b(?:for|over)\s+((?:the|its|their|this|that|those|these)\s+[\p{L}\p{N}' -]{2,60}?|[\p{L}\p{N}'-]+(?:\s+[\p{L}\p{N}'-]+){0,4}?)\s*(?:[?!.,]|$|\s+(?:in|back|during|from|to|by)\b)/u;

/**
 * Where a question names the thing it asks after: "is there a **trial** …", "… what's the **verdict**?" (at its
 * end), "the name of the **judge**", past words that only qualify it ("is there any **official** response") or name the kind of answer
 * wanted ("what was the **date**", "is there a **difference**"), for which no thing is named.
 */
const SOUGHT = [/\b(?:is|are|was|were)\s+there\s+(?:a|an|any)\s+((?:[\p{L}]+\s+){0,2}[\p{L}]+)/u, /\b(?:name|names|identity)\s+of\s+(?:the|this|that|their|its)\s+((?:[\p{L}]+\s+){0,1}[\p{L}]+)/u, /(?:^|[,;.!?]\s*)(?:so\s+|and\s+)?(?:what's|whats|what\s+is|what\s+was)\s+the\s+([\p{L}]+)\s*[?.!]*\s*$/u];
/** Words before the thing asked after that only qualify it. */
const QUALIFIERS = new Set('official specific real actual exact clear public formal final current new further other more confirmed known big major proper definite firm'.split(' '));
/** Words naming the kind of answer wanted, not a thing: a question with one asks for it, it names nothing missing. */
const ANSWER_KINDS = new Set('date day time timeline year month amount number figure name reason difference chance way deal point story gist summary status update news source link proof evidence answer response reply info information detail details word quote catch problem issue'.split(' '));

/** The thing a question asks after, as {@link SOUGHT} finds it; undefined when it names none. */
function soughtThing(question: string): string | undefined {
  const text = question.toLowerCase().replace(/[’`]/g, "'");
  for (const pattern of SOUGHT) {
    const words = pattern.exec(text)?.[1]?.split(/\s+/);
    if (!words) continue;
    const thing = words.find((w) => !QUALIFIERS.has(w));
    return thing && !ANSWER_KINDS.has(thing) ? thing : undefined;
  }
  return undefined;
}

/**
 * Declines read from the question alone: advice asked for ("recommend me …"), the sources themselves asked for
 * ("source?": their bylines are listed), a subject the corpus never mentions ("did **google** …"), a name in
 * "what did X say" that it never mentions and that is no English word ("netflix ceo **ted sarandos**"), or such
 * a name anywhere, written as a name ("fined by the **ftc**").
 */
function declineByForm(kase: Case, search: Search, question: string, form: QuestionForm): AskOutcome | undefined {
  if (form.advice) return { kind: 'decline', unknown: [], advice: true };
  // "source?": the articles themselves, each with its byline.
  if (form.sources) return { kind: 'bylines', sources: [...kase.articles.keys()] };
  if (form.subject && !form.overview && !knowsWord(search, form.subject)) return { kind: 'decline', unknown: [form.subject] };
  // "is there a trial date yet", "… whats the verdict": what the question asks exists is a word the corpus has
  // nothing for, not even a synonym.
  const sought = soughtThing(question);
  if (sought && !form.overview && !knowsWord(search, sought) && isEnglishWord(sought) && !search.reach(sought).length) return { kind: 'decline', unknown: [sought] };
  const stranger = (form.speaker ? unknownName(search, form.speaker) : null) ?? (form.overview ? null : strangeName(search, question));
  return stranger ? { kind: 'decline', unknown: [stranger] } : undefined;
}

/**
 * A word of the question that names something the corpus never mentions: no word the corpus has (as is, by
 * synonym or as a typo), no English word nor a slip from one ("ftc", "whatsapp"; not "dissagree"), and written as a name is: capitalised
 * after the first word ("FTC", "WhatsApp"), or after a word that introduces one ("by the **ftc**", "on
 * **instagram**"). Chat words the word list lacks ("yall", "lmaooo", "finna") stand elsewhere and are left to
 * the search. A question about such a thing is about something else than the sources.
 */
function strangeName(search: Search, question: string): string | null {
  const words = [...question.replace(/['’]s\b/g, '').matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
  for (let i = 0; i < words.length; i++) {
    const typed = words[i] as string;
    const word = typed.toLowerCase();
    if (word.length < 3 || /\d/.test(word) || !search.analyse(word).length) continue;
    const named = (i > 0 && /^\p{Lu}/u.test(typed)) || NAME_BEFORE.has((words[i - 1] ?? '').toLowerCase());
    if (named && !knowsWord(search, word) && !isEnglishWord(word) && !nearEnglishWord(word)) return word;
  }
  return null;
}

/** Words after which a word is a name when it is no English word: "by the **ftc**", "on **instagram**". */
const NAME_BEFORE = new Set('the by from at with to of about on for like vs versus and or than'.split(' '));

/** What the sources never give of a subject they name: the words of someone never quoted, an amount of someone no figure involves. */
/** Whether the sources give an organisation's words: a statement it made, or a text saying it spoke ("Netflix has not replied", "according to Acme", "an Acme spokesperson said"). */
function organisationSpeaks(kase: Case, entity: Entity): boolean {
  if (kase.facts.some((f) => makerOf(kase, f) === entity)) return true;
  const name = namePattern(entity).source;
  const voiced = new RegExp(`according\\s+to\\s+(?:the\\s+)?${name}|${name}(?:[’']s)?\\s+(?:spokes\\w*|representatives?|statement|official|officials|executives?)\\b`, 'iu');
  return kase.passages.some((p) => speaks(p.text, entity) || voiced.test(p.text));
}

/** Words that ask for someone's words and nothing else ("write" may be "read/write access", "report" a report). */
const CLEAR_SPEECH = /\b(say|said|says|statement|statements|comment|comments|commented|respond|responded|response|reply|replied|react|reacted|reaction|deny|denied|denial|announce|announced)\b/i;

function unansweredBySubject(kase: Case, question: string, form: QuestionForm, subject: Entity | undefined): Extract<AskOutcome, { kind: 'decline' }>['unanswered'] {
  if (!subject) return undefined;
  if (form.asks === 'said' && subject.kind === 'person' && !isQuoted(kase, subject)) return { name: subject.name, role: subject.role, wants: 'words' };
  // "what did spotify say": an organisation speaks by a statement of its own (a claim or denial it made) or in a
  // text saying it did ("Netflix has not replied"); quotation marks near its name are often someone else's words.
  if (form.asks === 'said' && (form.speaker !== null || CLEAR_SPEECH.test(question)) && subject.kind === 'organisation' && !memo(kase, 'speaks', subject, () => organisationSpeaks(kase, subject))) return { name: subject.name, role: subject.role, wants: 'words' };
  if (form.asks === 'how-much' && !hasFigure(kase, subject)) return { name: subject.name, role: subject.role, wants: 'amount' };
  return undefined;
}

/**
 * "how much did X pay to settle": true when the question's words beyond X are matched by amounts that are not
 * X's and by none of X's ("settle" by Meta's settlement, while X's amounts are for ads), or when no amount
 * involves X at all while others match. Only facts say whose an amount is (payer, payee, the quote naming
 * them): a paragraph naming X near an amount may be about someone else's ("Meta paid $725 million …, so …
 * this Netflix lawsuit").
 */
function amountIsSomeoneElses(kase: Case, search: Search, form: QuestionForm, subject: Entity, hits: readonly Hit[], clause: string): boolean {
  const subjectTerms = new Set(search.analyse([subject.name, ...subject.aliases, form.subject ?? ''].join(' ')));
  // Only the words asking for the amount say what it is for: "…, and what did it let facebook do" asks another thing.
  // A bare "… ? how much?" asks about what came before it.
  const clauseTerms = search.analyse(clause);
  const asked = clauseTerms.length ? new Set(clauseTerms) : undefined;
  const theirs = hits.filter((hit) => hit.kind === 'fact' && involvesWithAmount(kase, hit, subject));
  const covered = new Set(theirs.flatMap((hit) => hit.matched));
  const others = hits.filter((hit) => !theirs.includes(hit) && statesAmount(kase, hit));
  if (!theirs.length) return others.length > 0;
  return others.some((hit) => hit.matched.some((t) => (!asked || asked.has(t)) && !subjectTerms.has(t) && !covered.has(t)));
}

/** The clause of a question that asks how much: up to where a second question starts ("…, and what did …"). */
function amountClause(question: string): string {
  const clauses = question.split(/[?;]+|,?\s+(?:and|but)\s+(?=(?:what|when|where|who|how|why|which|did|does|do|is|was|were)\b)/i);
  return clauses.find((c) => /\bhow\s+(?:much|many)\b|\$\s?\d/i.test(c)) ?? question;
}

/**
 * A passage is shown by one sentence, so it ranks as that sentence answers, not as the whole paragraph. Only
 * the hits that could be shown are weighed so (twice the most an answer shows); the rest are left out.
 */
function rankBySentence(kase: Case, search: Search, question: string, found: readonly Hit[], weigh: (doc: SearchDoc) => number, answers: Answers): { hits: Hit[]; leads: Map<string, ResolvedCitation> } {
  const leads = new Map<string, ResolvedCitation>();
  const hits = found.slice(0, 2 * ASK_TUNING.maxItems).map((hit) => {
    const passage = hit.kind === 'passage' ? kase.passageById.get(hit.id) : undefined;
    if (!passage) return hit;
    const { lead, share } = leadSentence(search, question, passage, weigh, answers);
    leads.set(hit.id, lead);
    return { ...hit, score: hit.score * share };
  });
  hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { hits, leads };
}

/** The answer's items from ranked hits: each once, twins merged, repeats of shown facts left out, each with its lead quote. */
function assemble(kase: Case, search: Search, question: string, form: QuestionForm, hits: readonly Hit[], leads: Map<string, ResolvedCitation>, answers: Answers): Item[] {
  // The best score, wherever it stands: "when did X first …" may lead with an earlier, lower-scored date.
  const top = hits.reduce((best, hit) => Math.max(best, hit.score), 0);
  const items: Item[] = [];
  const shownFacts: ResolvedFact[] = [];
  // "what is X" leads the first item with the fullest account; later items keep the short quote that fits a line.
  const factItem = (fact: ResolvedFact, hit: Hit, first: boolean): Item => ({ kind: 'fact', fact, lead: leadCitation(search, question, fact, fact.citations[hit.part], answers, form.defines && first) });
  // What the facts shown so far quote: a passage mostly quoted, or shown by a sentence they quote, is a repeat.
  const quoted = new Map<string, number>();
  const spans: ResolvedCitation[] = [];
  const repeats = (lead: ResolvedCitation) => covers(spans, lead);
  for (const hit of hits) {
    if (hit.score < top * ASK_TUNING.relativeFloor || items.length >= ASK_TUNING.maxItems) break;
    if (hit.kind === 'fact') {
      const fact = kase.factById.get(hit.id);
      if (!fact) continue;
      const twin = shownFacts.find((f) => twins(f, fact));
      if (twin) {
        // Of a fact and its dated event (a money figure, a claim), a *when* question shows the event, any other
        // the fact: it carries the date too, with the amount and who paid whom, or who claimed what.
        const wanted = (f: ResolvedFact) => (form.asks === 'when' ? f.kind === 'event' : f.kind !== 'event');
        if (wanted(fact) && !wanted(twin)) {
          const at = items.findIndex((i) => i.kind === 'fact' && i.fact.id === twin.id);
          items[at] = factItem(fact, hit, at === 0);
          shownFacts[shownFacts.indexOf(twin)] = fact;
        }
        continue;
      }
      for (const c of fact.citations) quoted.set(c.passage, (quoted.get(c.passage) ?? 0) + (c.end - c.start));
      spans.push(...fact.citations);
      shownFacts.push(fact);
      // A paragraph shown earlier by a sentence this fact quotes was this fact all along: the fact takes its place.
      const at = items.findIndex((i) => i.kind === 'passage' && i.lead !== undefined && covers(fact.citations, i.lead));
      const lead = items[at]?.lead;
      if (!lead) items.push(factItem(fact, hit, items.length === 0));
      else {
        // It keeps the paragraph's place and its sentence: the fact's quote of those words leads.
        items[at] = { kind: 'fact', fact, lead: fact.citations.find((c) => covers([c], lead)) ?? (factItem(fact, hit, at === 0).lead as ResolvedCitation) };
        for (let i = items.length - 1; i > at; i--) {
          const item = items[i] as Item;
          if (item.kind === 'passage' && item.lead !== undefined && covers(fact.citations, item.lead)) items.splice(i, 1);
        }
      }
      continue;
    }
    const passage = kase.passageById.get(hit.id);
    if (!passage) continue;
    if ((quoted.get(passage.id) ?? 0) >= passage.text.length * ASK_TUNING.repeatShare) continue;
    const lead = leads.get(passage.id);
    if (lead && repeats(lead)) continue;
    items.push(lead ? { kind: 'passage', passage, lead } : { kind: 'passage', passage });
  }
  return items;
}
