/**
 * What a question's form says about the answer it wants, in general English (no word of any one story):
 * *when / what year / since when* wants a dated event, *how much / how many* or an amount wants a money fact,
 * *how long / for how long* wants a duration, *why / what caused / in return for / what happened after* a reason,
 * purpose, exchange or consequence, *who* wants a person or
 * organisation, *what did X say* (or *X's response*, *did X say anything*) wants X's own words, and
 * *did / is / was … ?* wants the claim with its denial. Years and amounts written in the question weigh toward facts that carry them.
 * The question's *subject* (the first word after its auxiliary: "did **google** have …") is what the
 * question is about; a subject the corpus never mentions means the sources don't cover the question.
 */
import { ABOUT_SOURCES, STOP_WORDS, tokenize } from './analyze.js';
import { isEnglishWord } from './english.js';

export type Asks = 'when' | 'how-long' | 'why' | 'how-much' | 'who' | 'said' | 'yes-no' | 'open';

export interface QuestionForm {
  asks: Asks;
  /** Four-digit years written in the question ("in 2017"). */
  years: string[];
  /** Dollar amounts written in the question, in units ("$150m" → 150000000). */
  amounts: number[];
  /** The question's grammatical subject as typed ("google"), or null when it has none or it is a pronoun. */
  subject: string | null;
  /** The words naming what a what/which-question asks for ("what kind of **permissions** did …"), or null. */
  focus: string | null;
  /** The question asks what something is for ("what was the deal for"): a text saying what it allows answers. */
  purpose: boolean;
  /** A *how many* question: it asks for a count, which a dollar amount does not give. */
  counts: boolean;
  /** For *who denied / who claimed …*, the kind of statement asked after: a denial or a claim; null otherwise. */
  statement: 'denial' | 'claim' | null;
  /** A *when* question about a beginning: "when did X first …", "when did X join / become …". */
  begins: boolean;
  /** A *when* question about an end: "when did X end / stop", "when did X leave / lose …". */
  ends: boolean;
  /** The question asks about a time before the news: "before", "back then", "years ago", "the first time". */
  earlier: boolean;
  /** A *which / what X* question asking to name one of a kind X (its focus): "which **court** is handling …". */
  which: boolean;
  /** For *how many*, the word naming what is counted as typed ("how many ppl's **dms**"), or null. */
  counted: string | null;
  /** The question asks what kinds of its focus there are ("what kinds of **access**"): a text listing several answers. */
  kinds: boolean;
  /** The question asks what something is ("what is this special relationship"): the fullest account answers. */
  defines: boolean;
  /** The question names whose account it wants with "according to X": only X's own words answer it. */
  according: boolean;
  /** For *what did X say*, the words naming X as typed ("netflix ceo ted sarandos"), or null. */
  speaker: string | null;
  /** The question hedges ("supposedly", "allegedly"): it asks about the allegation, so a claim answers before its denial. */
  hedged: boolean;
  /** "does meta admit …", "what does it acknowledge": an admission is asked for, words conceding something. */
  admits: boolean;
  /** A *who* question about who wrote something ("who wrote the gfr article"): an article's byline answers. */
  byline: boolean;
  /** The question asks what the story is, with no topic of its own ("tldr?", "what's this about", "is any of this true"). */
  overview: boolean;
  /** The question asks for the sources themselves ("source?", "what are your sources"): the articles with their bylines answer. */
  sources: boolean;
  /** The question asks whether the sources agree ("do the articles agree on …"): facts they differ on answer. */
  compares: boolean;
  /** The question asks for advice, instructions or a recommendation ("recommend me …", "should i …", "how do i set up …"), which no quote gives. */
  advice: boolean;
  /** A *when* question for the beginning ("when did it all start", "when did netflix first get access"): the earliest date. */
  earliest: boolean;
  /** The question asks how often ("how often did netflix send reports"): a text giving a frequency answers. */
  often: boolean;
  /** The question asks what comes next ("what happens next with the case"): a text looking ahead answers. */
  future: boolean;
  /** The words the question sets aside as typed ("anything else besides **the netflix stuff**"), or null. */
  excludes: string | null;
}

/** Writing something, or the one who did: "who **wrote** …", "which **reporter** …", "the **author**". */
export const WROTE = /\b(wrote|written|writes|write|writing|authored|penned|author|authors|byline|writer|writers|journalist|journalists|reporter|reporters)\b/;

/**
 * Asking what a thing is for: "what was **the** deal (actually) **for**", "what is the titan api for?", "what
 * the deal was for", "what did the integration let users do" (not "what are they suing for").
 */
const PURPOSE =
  /\bwhat(?:\s+(?:is|was|were|are)|'s)\s+(?:the|this|that|these|those|their|its|his|her)\s+[^?.!,]*?\bfor\b\s*(?:$|[?.!,]|like\b)|\bwhat\s+(?:[\w']+\s+){0,4}?(?:the|this|that|these|those|their|its)\s+[^?.!,]*?\b(?:is|was|were|are)\s+(?:\w+\s+)?for\b\s*(?:$|[?.!,])|\bwhat\s+(?:did|does|do|would|could)\s+[^?.!,]*?\b(?:let|allow|enable)\s+(?:\w+\s+){1,2}do\b|\bwhat(?:'s|s|\s+(?:is|was|are|were))\s+(?:the|this|that|these|those|their|its)\s+[^?.!,]*?\b(?:supposed|meant|designed|intended)\s+to\s+do\b|\bwhat\s+(?:does|did|do)\s+(?:the|this|that|these|those)\s+[^?.!,]*?\s+(?:actually\s+|even\s+|really\s+)?do\s*(?:$|[?.!,])/;

/** Words of a *when* question asking for the beginning: "when did it **start**", "when did they **first** get". */
export const EARLIEST_WORDS = /\b(?:start|starts|started|starting|begin|begins|began|begun|first|initially|originally|kick\s+off|kicked\s+off)\b/gi;
/** The same words, to test for (a /g pattern keeps state between tests). */
const EARLIEST = new RegExp(EARLIEST_WORDS.source, 'i');

/** Asking what comes next: "what happens next", "what's next for the case", "what will happen". */
const FUTURE = /\bwhat(?:'s|s|\s+is)?\s+(?:happens?\s+|comes?\s+|going\s+to\s+happen\s+)?next\b|\bwhat\s+(?:will|would)\s+happen\b|\bwhat\s+now\b/;
/** The words of a question asking what comes next that say when, not what about ("what happens **next**"). */
export const FUTURE_WORDS = /\b(next|happens?|now|will|going)\b/gi;

/**
 * "anything else **besides** the netflix stuff": what the question sets aside, up to four words and not past
 * the end of its clause or a verb ("did any company besides **netflix** get access").
 */
/** The words set aside: up to four, not past a verb. */
const SET_ASIDE = String.raw`((?:(?!(?:did|does|do|is|was|were|are|has|have|had|get|got|gets|getting|can|could|will|would|should)\b)[\p{L}\p{N}'’-]+\s*){1,4})`;
const EXCLUDED = new RegExp(String.raw`\b(?:besides|apart\s+from|aside\s+from|other\s+than|except(?:\s+for)?|not\s+counting)\s+${SET_ASIDE}`, 'u');
/**
 * "if it wasn't for reading messages, what was the deal for": in a question asking what something is for, the
 * use it was not for is set aside. Elsewhere "if it wasn't for X" is a hypothetical about X ("if it wasn't for the
 * nyt, who would have reported it").
 */
const NOT_FOR = new RegExp(String.raw`\bif\s+(?:it|this|that)\s+(?:wasn'?t|was\s+not|isn'?t|is\s+not|weren'?t|were\s+not)\s+(?:for|about)\s+${SET_ASIDE}|\bif\s+not\s+for\s+${SET_ASIDE}`, 'u');

/** Asking what the story is, as a whole: "tl;dr", "summarize this", "what is this about", "is any of this true". */
const OVERVIEW = /^\s*(?:tl\s*;?\s*dr|summary|summari[sz]e(?:\s+(?:this|it|the\s+story))?|(?:give\s+me\s+)?(?:the|an)\s+overview|what(?:'s|s|\s+is)\s+(?:this|it)\s+(?:all\s+)?about|what(?:'s|s|\s+is)\s+going\s+on|what\s+happened|explain\s+(?:this|it)|(?:is|was)\s+(?:any\s+of\s+)?(?:this|it|that)\s+(?:(?:even|actually|really|all)\s+)?(?:true|real|legit|fake|fake\s+news|made\s+up|a\s+hoax)(?:\s+or\s+(?:not|fake|false|real|made\s+up))?)\s*[?.!]*\s*$/;

/** Asking for the bot's sources themselves: "source?", "links?", "what are your sources", "where is this from". */
const SOURCES_ASKED = /^\s*(?:(?:any\s+)?(?:sources?|links?|citations?|refs?|references?)|(?:what|which)\s+(?:are\s+)?(?:your|ur|the)\s+(?:sources?|articles?)|where(?:'s|s|\s+is)\s+(?:this|that|it)\s+(?:info\s+|information\s+)?from|(?:what|which)\s+articles?(?:\s+(?:is|are)\s+(?:this|that|it)\s+from)?)\s*[?.!]*\s*$/;

/** Words of conceding something, asked or said: "admit", "acknowledges", "conceded". */
export const ADMITS = /\b(?:admit|admits|admitted|admitting|admission|acknowledge|acknowledges|acknowledged|acknowledging|concede|concedes|conceded|conceding)\b/i;

/**
 * Whether an aside after an opener carries part of the question's form, so it stays: a question word or auxiliary
 * ("ok is it true, who …"), whose account ("according to …"), what is set aside ("not counting musk"), a year
 * or a hedge ("allegedly").
 */
function asideCarries(aside: string): boolean {
  return aside.split(/\s+/).some((w) => WH.has(w) || AUXILIARIES.has(w) || w === 'according') || EXCLUDED.test(aside) || /\b(19|20)\d{2}\b/.test(aside) || HEDGES.test(aside);
}

/** Words hedging a question: it asks about an allegation. */
const HEDGES = /\b(supposedly|allegedly|reportedly|purportedly|apparently|alleged|rumou?red)\b/;

/** Asking whether the sources agree: "do the articles agree", "where do they differ", "say the same thing". */
const COMPARES =
  /\bone\s+(?:of\s+the\s+)?(?:article|source|outlet|report|piece|write-?up|story|site)s?\s+(?:i\s+read\s+)?(?:seems?\s+to\s+)?(?:says?|said|saying|claims?|claiming|writes?|wrote|reports?)\b|\b(?:is\s+there\s+an?|are\s+there\s+any)\s+(?:article|source|outlet|piece|write-?up)s?\s+(?:that\s+)?(?:says?|saying|claims?|claiming|writes?|reports?)\b|\b(?:seems?|looks?|sounds?|is|are|got|gets|all)\s+(?:all\s+|a\s+bit\s+|kinda\s+)?mixed\s+up\b|\bwhich\s+is\s+it\b|\bwho(?:'s|s|\s+is)\s+right\b|\b(agree|agrees|disagree|disagrees|disagreement|disagreements|contradict|contradicts|contradiction)\b|\b(sources?|articles?|outlets?|reports?)\b.*\b(differ|differs|different|diff|conflict|conflicts|conflicting|same thing|consistent)\b|\b(differ|differs|different|diff|conflict|conflicts|conflicting|same thing|consistent)\b.*\b(sources?|articles?|outlets?)\b/;
/** The bot's own sources named in a question ("do the sources agree"): not what the question is about. */
const SOURCE_WORDS = new Set('source sources article articles coverage reporting'.split(' '));
/** Common words that qualify a noun without naming it: "that **old** blog post" is about the blog post. */
const MODIFIERS = new Set('old new original first last other same whole big real actual latest recent previous earlier famous infamous supposed alleged entire main initial current former'.split(' '));

/** Words of an ending: what a *when* question about an end asks for, and what a text dating one says. */
export const END_WORDS = /\b(end|ends|ended|ending|stop|stops|stopped|stopping|cease|ceased|left|leave|leaves|lose|lost|revoked|revoke|cut\s+off|shut\s+down|terminated|expired|until|till|closed|closing)\b/;

/** "what did they mean by X", "what does that even mean", "what is meant by X": asking what X is. */
const MEANS = /\bwhat\s+(?:do|does|did)\s+(?:[\p{L}'-]+\s+){0,4}mean\b|\bwhat\s+is\s+meant\s+by\b/u;

/** Words asking about an earlier time than the news reported. */
const EARLIER_TIMES = /\b(before|earlier|previously|prior|back then|at the time|years? ago|in the past|originally|first time|history|past|old)\b/;

/** Asking for advice, instructions ("how do i set up …", "help me make …") or a recommendation rather than for what the sources report. */
const ADVICE = /^\s*(?:(?:can|could|would|will)\s+(?:you|u)\s+|pls\s+|plz\s+|please\s+)?(?:recommend|suggest)\b|\b(?:recommend|suggest)\s+(?:me|us)\b|(?:\bshould\s+(?:i|we)|^\s*how\s+(?:do|can|should|would)\s+(?:i|we|u))\s+(?:\w+\s+)?(?:delete|remove|stop|protect|secure|turn|opt|block|cancel|deactivate|change|hide|prevent|avoid|keep|quit|leave|switch|use|buy|sell|invest|download|install|set|setup|configure|make(?!\s+sense)|create|add|enable|disable|fix|reset|recover|join|invite|mute|ban|kick)\b|\b(?:your|ur)\s+(?:advice|recommendations?|suggestions?)\b|^\s*(?:(?:got|know|are\s+there)\s+)?any\s+good\s+(?:shows?|movies?|films?|series|documentar(?:y|ies)|apps?|alternatives?|books?|games?|songs?|music|podcasts?|sites?|websites?|vpns?|recommendations?|picks?)\b|\b(?:help|teach|show)\s+(?:me|us)\s+(?:how\s+)?(?:to\s+)?(?:set|setup|configure|add|enable|disable|fix|install|build|code|program)\b|\b(?:explain|tell\s+(?:me|us)|show\s+(?:me|us))\s+how\s+to\b|^\s*how\s+to\s+(?:set|setup|configure|make|create|add|enable|disable|fix|install|build|code|delete|cancel|turn)\b/;

const AUXILIARIES = new Set('did does do is was were are has have had can could will would should may might'.split(' '));
const DETERMINERS = new Set('the a an any some this that these those his her their its my our your'.split(' '));
const PRONOUNS = new Set('it they he she there this that we you u i them us someone anyone everyone everybody everything nobody nothing none people ppl folks guys somebody anybody one'.split(' '));
/** Pronoun-like words for people that a count can be of ("how many people …"). */
const PEOPLE = new Set('people ppl folks guys'.split(' '));
const WH = new Set('what when where who whom whose why how which'.split(' '));
const SPEECH = /\b(say|said|says|saying|state|stated|states|statement|statements|tell|told|claim|claimed|claims|write|wrote|post|posted|respond|responded|reply|replied|react|reacted|comment|commented|announce|announced|deny|denied|denying|admit|admitted|report|reported|reveal|reveals|revealed|disclose|discloses|disclosed|allege|alleges|alleged|explain|explains|explained|clarify|clarifies|clarified)\b/;
/** A question that opens on someone saying something ("meta says deals like this are normal?"). */
const SAYS_THAT = /^\s*(?:so\s+|and\s+|but\s+)?([\p{L}\p{N}]+)\s+(says|said|claims|claimed|told|tells|stated|states|admits|admitted|denies|denied)\b/u;
/** Asking what is in a document: "what's **in the filing**", "anything else **in the court documents**". */
const IN_DOCUMENT = /\b(?:in|inside)\s+(?:the|this|that|those|these)\s+(?:\w+\s+)?(?:filing|filings|document|documents|docs|lawsuit|complaint|report|email|emails|memo|post|letter)\b/;

/** Nouns that name someone's words: "meta's response", "the reaction from musk". */
const SPEECH_NOUN = /\b(response|responses|reaction|reactions|reply|replies|statement|statements|comment|comments|denial|denials|stance|words|wording|quote|quotes)\b/;
const CAUSE = /^\s*(why|how come)\b|\b(caused|causes|cause of|led to|leads to|reason|reasons|in (return|exchange) for|(point|purpose|aim|goal) of|what happened (after|next|then|because of|as a result)|what came of|(result|results|consequence|consequences|impact|effect|effects) of)\b/;
const SCALE: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mil: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

/** Dollar amounts in a text: "$150 million", "$150m", "150 million dollars", "$40,000,000". */
export function amountsIn(text: string): number[] {
  const out: number[] = [];
  const pattern = /(\$|\b)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|mn|mil|million|m|bn|billion|b)?\b\s*(dollars|usd)?/gi;
  for (const match of text.matchAll(pattern)) {
    const [, dollar, digits, scale, unit] = match;
    if (!dollar && !scale && !unit) continue;
    if (!dollar && !unit && !/^(thousand|million|billion|mn|bn)$/i.test(scale ?? '')) continue;
    // Rounded: "$4.1 million" is 4100000, not 4099999.9999999995 (money facts hold whole amounts).
    const value = Math.round(Number((digits ?? '').replace(/,/g, '')) * (SCALE[(scale ?? '').toLowerCase()] ?? 1));
    if (Number.isFinite(value) && value > 0) out.push(value);
  }
  return out;
}

export function readQuestion(question: string): QuestionForm {
  // Chat spellings of question words read as the words: "wat did …", "wen was …".
  // A leading "so", "and", "ok", "wait" opens the question without being part of it ("so what did …", "wait so did …").
  const text = question
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\b(wat|wut|wht|whut)\b/g, 'what')
    .replace(/\b(wen|whn)\b/g, 'when')
    .replace(/\bwhos\b/g, 'who is')
    // After such an opener, a short aside before a comma frames the question too: "hey just joined, what did …".
    .replace(/^\s*(?:(?:so|and|but|ok|okay|well|hey|um|uh|also|then|hmm|hm|wait|yo|yeah|yea|alright|honestly|seriously|ngl|lol|lmao|bro|guys|right|quick question)\b[\s,!.]*)+(?:((?:[\p{L}\p{N}'-]+\s+){0,3}[\p{L}\p{N}'-]+)\s*,\s+(?=(?:what|when|where|who|whom|whose|why|how|which)\b))?/u, (match, aside?: string) => (aside && asideCarries(aside) ? match.slice(match.lastIndexOf(aside)) : ''))
    // "for a pinned summary: what did …", "exact quote pls - what did …": up to twelve words framing the question
    // before a colon or a dash, when they hold no question of their own and a question follows.
    .replace(/^\s*((?:[\p{L}\p{N}'-]+\s+){0,11}[\p{L}\p{N}'-]+)\s*(?::|\s-|\s–|\s—)\s+(?=(?:what|when|where|who|whom|whose|why|how|which|did|does|do|is|was|were|are|has|have|had|can|could|will|would|should)\b)/u, (match, framing: string) => (framing.split(/\s+/).some((w) => WH.has(w) || AUXILIARIES.has(w)) ? match : ''))
    // "can you explain …", "could u tell me …": a request to the bot, not a question about someone's words.
    .replace(/^\s*(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?(?:explain|tell\s+me|describe)\b\s*/, '')
    // "in other words": no one's words.
    .replace(/\bin other words\b/g, ' ');
  // The words as typed: an idiom read as the articles' words ("come from" as "stem from") is for searching.
  const words = tokenize(text, false);
  // What the bot's own sources say ("one article says closed") is no one's words the question asks for.
  const spoken = text.replace(ABOUT_SOURCES, ' ');
  const years = [...new Set(text.match(/\b(19|20)\d{2}\b/g) ?? [])];
  const amounts = amountsIn(text);
  let asks: Asks = 'open';
  if (/^\s*(when|since when|until when|till when|what (year|month|date|day|time)|which (year|month|date|day)|at what (point|time)|how long ago)\b/.test(text) || /\b(what|which) (year|month|date|day)\b/.test(text)) asks = 'when';
  else if (/\b(how long|for how long|how many (years|months|weeks|days))\b/.test(text)) asks = 'how-long';
  else if (/\bhow (much|many)\b/.test(text) || /\b(worth|cost|price|amount)\b/.test(text)) asks = 'how-much';
  else if (CAUSE.test(text)) asks = 'why';
  else if (/^\s*(who|whom|whose|which (person|people|company|companies|reporter|journalist|executive))\b/.test(text)) asks = 'who';
  else if ((/\b(what|how)\b/.test(text) && SPEECH.test(spoken)) || /\baccording to\b/.test(text)) asks = 'said';
  // "did X say anything", "is meta denying it": a yes/no question about someone's words wants those words.
  else if (AUXILIARIES.has(words[0] ?? '') && SPEECH.test(spoken)) asks = 'said';
  else if (AUXILIARIES.has(words[0] ?? '')) asks = 'yes-no';
  // "meta's response to the allegations", "musk reaction": a phrase naming someone's words; "meta says …?",
  // "so stone claimed …": someone's words put as a question.
  else if (SPEECH_NOUN.test(spoken) || SAYS_THAT.test(spoken)) asks = 'said';
  if (asks === 'open' && amounts.length) asks = 'how-much';
  // "netflix could read dms?": a statement put as a question, with no question word and no one's words asked
  // for, asks yes or no as "could netflix read dms?" does.
  if (asks === 'open' && /\?\s*$/.test(text) && !words.some((w) => WH.has(w)) && words.slice(1, 4).some((w) => AUXILIARIES.has(w))) asks = 'yes-no';
  // "anything else in the filing", "what's in the documents": what a document says.
  // "what is the titan api described in the filing" asks what it is, not what the filing says.
  const whatIs = /(?:^|[,;:.!?]\s*)\s*(so\s+|ok\s+|and\s+)?(what\s+(even\s+|exactly\s+|actually\s+)?(is|are|was|were)|what's|whats|(wtf|wth|what\s+the\s+(heck|hell))\s+(is|are|was|were))\b/.test(text) || MEANS.test(text);
  if (asks === 'open' && IN_DOCUMENT.test(text) && !whatIs) asks = 'said';
  // "what was the deal actually for": what it allowed or was meant to do ("what was the $150m for" is money's).
  const purpose = PURPOSE.test(text);
  if (purpose && asks === 'open') asks = 'why';
  // "according to X" names whose words are wanted, wherever it stands: X is its phrase up to the next small
  // word ("the old blog post"), and the subject is unknown only when none of the phrase's words is known.
  // The phrase stops at a question word or an auxiliary: "according to meta what did …" names Meta.
  const phraseWords = /\baccording to ((?:[\p{L}\p{N}]+\s*){1,4})/u.exec(text)?.[1]?.trim().split(/\s+/) ?? [];
  const end = phraseWords.findIndex((w) => WH.has(w) || AUXILIARIES.has(w));
  const according = (end < 0 ? phraseWords : phraseWords.slice(0, end)).filter((w) => !DETERMINERS.has(w));
  // "according to the coverage / the articles" is the bot's own sources: no one's account in particular.
  const phrase = according?.length && !PRONOUNS.has(according[0] as string) && !according.every((w) => SOURCE_WORDS.has(w)) ? according : null;
  const future = FUTURE.test(text);
  // "did netflix read dms?? whats meta saying": whose words are asked is said by the clause asking for them.
  const asker = asks === 'said' ? askedSpeaker(text) : null;
  return { asks, years, amounts, according: phrase !== null, subject: phrase ? phrase.join(' ') : (asker ?? subjectOf(words) ?? (asks === 'said' ? speakerOf(text) : null)), focus: future ? null : focusOf(words), speaker: asks === 'said' ? speakerPhrase(words) : null, defines: asks === 'open' && !future && whatIs, purpose, statement: asks === 'who' ? statementOf(text) : null, which: /^\s*which\s+(?!(?:of|one|ones|kind|kinds|sort|sorts|type|types)\b)/.test(text), counts: /\bhow many\b/.test(text), counted: countedOf(words), kinds: /\b(what|which)\s+(kinds?|sorts?|types?)\s+of\b/.test(text) || listAsked(words),  advice: ADVICE.test(text), future, often: /\bhow\s+(?:often|frequently)\b/.test(text), earliest: asks === 'when' && EARLIEST.test(text), excludes: (EXCLUDED.exec(text) ?? (purpose ? NOT_FOR.exec(text) : null))?.slice(1).find((g) => g)?.trim() || null, byline: asks === 'who' && WROTE.test(text), overview: OVERVIEW.test(text), sources: SOURCES_ASKED.test(text), compares: COMPARES.test(text), earlier: EARLIER_TIMES.test(text), ends: asks === 'when' && END_WORDS.test(text), begins: asks === 'when' && (EARLIEST.test(text) || /\b(join|joins|joined|joining|become|becomes|became|appointed|hired)\b/.test(text)), hedged: HEDGES.test(text), admits: ADMITS.test(text) };
}

/**
 * The first word after the question's auxiliary ("how much did **spotify** pay", "is **whatsapp** …"),
 * skipping determiners; null when there is no auxiliary near the start or the subject is a pronoun or a
 * number. Only the first few words are looked at: later auxiliaries belong to clauses, not the question.
 */
function subjectOf(words: string[]): string | null {
  let at = 0;
  while (at < words.length && at < 3 && WH.has(words[at] as string)) at++;
  // "how much did …", "what year did …", "what security hole was …", "what kind of access did …": a
  // question word may be followed by "kind of" and up to two words naming what is asked.
  if (at > 0 && ['kind', 'sort', 'type'].includes(words[at] ?? '') && words[at + 1] === 'of') at += 2;
  for (let skip = 0; at > 0 && skip < 2 && !AUXILIARIES.has(words[at] ?? ''); skip++) {
    if (AUXILIARIES.has(words[at + 1] ?? '')) at++;
    else if (skip === 0 && AUXILIARIES.has(words[at + 2] ?? '')) at += 2;
    else break;
  }
  if (!AUXILIARIES.has(words[at] ?? '')) return null;
  at++;
  while (at < words.length && (DETERMINERS.has(words[at] as string) || (MODIFIERS.has(words[at] as string) && at + 1 < words.length && !AUXILIARIES.has(words[at + 1] as string)))) at++;
  // "the point of the inbox api": what is asked about comes after "of".
  if (OF_HEADS.has(words[at] ?? '') && words[at + 1] === 'of') for (at += 2; at < words.length && DETERMINERS.has(words[at] as string); ) at++;
  let subject = words[at];
  // A modifier the corpus lacks before a plural noun it has: "were those **regular** reports" is about reports.
  const head = words[at + 1];
  if (subject && head && /[^su]s$/.test(head) && head.length > 3 && !AUXILIARIES.has(head) && isEnglishWord(subject) && !PRONOUNS.has(head)) subject = `${subject} ${head}`;
  // A word of an idiom is no subject: "where did this **come** from" reads as "stem from".
  if (subject && words[at + 1] && tokenize(`${subject} ${words[at + 1]}`).join(' ') !== `${subject} ${words[at + 1]}`) return null;
  // "who is the author of …": the kind of person asked for, not what the question is about.
  if (words[0] === 'who' && subject && WROTE.test(subject)) return null;
  if (!subject || PRONOUNS.has(subject) || SOURCE_WORDS.has(subject) || /\d/.test(subject) || WH.has(subject)) return null;
  return subject;
}

/**
 * Whose words a phrase without an auxiliary names: the possessor of a speech noun ("**meta**'s response",
 * "**musk** reaction") or who it comes from ("the response from **meta**"); null when none is named.
 */
const POSSESSOR = new RegExp(`([\\p{L}\\p{N}]+)(?:'s?)?\\s+(?:own\\s+|first\\s+|official\\s+)?${SPEECH_NOUN.source}`, 'u');
const SOURCE_OF = new RegExp(`${SPEECH_NOUN.source}\\s+(?:from|by|of)\\s+(?:the\\s+)?([\\p{L}\\p{N}]+)`, 'u');

/** Words before a speech noun that name no speaker: "**in** response", "**for** comment". */
const PREPOSITIONS = new Set('in on at for with by to from of as into about after before without'.split(' '));

function speakerOf(text: string): string | null {
  const opener = SAYS_THAT.exec(text)?.[1];
  if (opener && !PRONOUNS.has(opener) && !DETERMINERS.has(opener) && !WH.has(opener)) return opener;
  const before = POSSESSOR.exec(text)?.[1];
  const after = SOURCE_OF.exec(text)?.[2];
  for (const word of [before, after]) {
    if (word && !PRONOUNS.has(word) && !DETERMINERS.has(word) && !WH.has(word) && !AUXILIARIES.has(word) && !PREPOSITIONS.has(word) && !STOP_WORDS.has(word) && word !== 'other' && !/\d/.test(word)) return word;
  }
  return null;
}

/**
 * The one whose words a clause asks for: "what is **meta** saying", "what did **stone** say", "how did **netflix**
 * respond"; of several such clauses the first. Null when none names one (a pronoun, "what did they say").
 */
function askedSpeaker(text: string): string | null {
  for (const m of text.matchAll(ASKED_SPEAKER)) {
    const word = m[1] as string;
    // "what outlet reported …", "what source said …": a kind asked for, not someone named.
    if (!PRONOUNS.has(word) && !DETERMINERS.has(word) && !STOP_WORDS.has(word) && !SOURCE_WORDS.has(word) && !ASKED_KINDS.has(word) && !/\d/.test(word)) return word;
  }
  return null;
}

/** Nouns a *what* question asks for by kind ("what **outlet** reported …"): no speaker named. */
const ASKED_KINDS = new Set('outlet outlets paper papers newspaper newspapers site sites website publication publications source sources article articles report reports person people company companies one ones kind sort type'.split(' '));
const ASKED_SPEAKER = new RegExp(String.raw`\b(?:what(?:'s|s)?|how)\s+(?:(?:is|are|was|were|did|does|do|has|have|had)\s+)?(?:the\s+)?([\p{L}\p{N}]+)\s+(?:(?:actually|even|really|exactly|officially|publicly)\s+)?(?:${SPEECH.source.slice(3, -3)})\b`, 'gu');

/** Nouns that, before "of", say what is asked of the thing after it: "the **point** of X", "the **name** of X". */
const OF_HEADS = new Set('point purpose aim goal reason cause name title result results consequence consequences impact effect effects outcome'.split(' '));

/** A past-tense verb, or a common irregular one, that cannot go on a noun phrase after its head ("feed", "need" are no verbs here). */
const CLAUSE_VERB = /^(?:(?!\w*eed$)\w{3,}ed|let|lets|made|makes|gave|gives|got|gets|put|puts|said|says|told|tells|sent|sends|paid|pays|ran|runs|wrote|writes|took|takes|knew|knows|saw|sees|went|goes|came|comes|began|begins|led|leads|broke|breaks|held|holds|kept|keeps|left|leaves|meant|means|sold|sells|spent|spends|won|wins)$/;
/** Words that follow "what" without naming what is asked for. */
const NOT_FOCUS = new Set([...AUXILIARIES, ...DETERMINERS, ...PRONOUNS, ...WH, 'or', 'and', 'else', 'exactly', 'actually', 'really', 'happened', 'happens', 'about', 's']);

/**
 * The focus of a what/which-question: the one or two words after its question word ("what **security hole**
 * caused …", "which kind of **permissions** …"), up to the next auxiliary; null for other questions.
 */
function focusOf(words: string[]): string | null {
  // The question word may follow a phrase saying whose account is asked for ("according to the blog post, what …").
  const start = words.findIndex((w, i) => i < 8 && ['what', 'which', 'whats'].includes(w));
  if (start < 0 || (start > 0 && !words.slice(0, start).includes('according'))) return null;
  let at = start + 1;
  if (['kind', 'sort', 'type', 'kinds', 'sorts', 'types'].includes(words[at] ?? '') && words[at + 1] === 'of') at += 2;
  const focus: string[] = [];
  while (at < words.length && focus.length < 2 && !NOT_FOCUS.has(words[at] as string) && !/\d/.test(words[at] as string)) {
    // A verb after the first word starts the clause: "which regulator **fined** meta", "which feature **let** …".
    if (focus.length === 1 && CLAUSE_VERB.test(words[at] as string)) break;
    focus.push(words[at++] as string);
  }
  return focus.length ? focus.join(' ') : null;
}

/**
 * A what/which-question whose focus is one plural noun followed by its verb ("what **permissions** did they
 * get", "which **apis** were used"): it asks for the several things of that kind, as "what kinds of" does.
 */
function listAsked(words: string[]): boolean {
  if (!['what', 'which'].includes(words[0] ?? '')) return false;
  const noun = words[1] ?? '';
  return noun.length > 3 && /[^su]s$/.test(noun) && !NOT_FOCUS.has(noun) && AUXILIARIES.has(words[2] ?? '');
}

/** "who **denied** …" asks for whoever made a denial; "who **claimed** / **alleged** …" for whoever made a claim. */
function statementOf(text: string): 'denial' | 'claim' | null {
  if (/\b(deny|denied|denies|denying|disputed|disputes|disputing|rejected|refuted|pushed back|pushing back)\b/.test(text)) return 'denial';
  if (/\b(claimed|claims|claiming|alleged|alleges|alleging|accused|accuses|accusing)\b/.test(text)) return 'claim';
  return null;
}

/**
 * What a *how many* question counts: the first plural word of the few after "how many" ("how many netflix
 * **users**", "how many ppl's **dms**"), else the first of them that is no auxiliary, determiner or pronoun;
 * null for other questions.
 */
function countedOf(words: string[]): string | null {
  const at = words.findIndex((w, i) => w === 'how' && words[i + 1] === 'many');
  if (at < 0) return null;
  // "people" is what is counted in "how many people …", though it is no subject elsewhere.
  // A possessor is not what is counted: "how many ppl's **dms**".
  const span = words.slice(at + 2, at + 7);
  const after = span.filter((w, i) => w.length > 1 && span[i + 1] !== 's' && !AUXILIARIES.has(w) && !DETERMINERS.has(w) && (!PRONOUNS.has(w) || PEOPLE.has(w)));
  return after.find((w) => PEOPLE.has(w) || (w.length > 2 && /[^su]s$/.test(w))) ?? after[0] ?? null;
}

/** The words between a question's auxiliary and its verb of speech: "what did **netflix ceo ted sarandos** say". */
function speakerPhrase(words: string[]): string | null {
  const aux = words.findIndex((w, i) => i < 3 && AUXILIARIES.has(w));
  if (aux < 0) return null;
  const verb = words.findIndex((w, i) => i > aux && SPEECH.test(w));
  if (verb < 0 || verb - aux > 6) return null;
  const phrase = words.slice(aux + 1, verb).filter((w) => !DETERMINERS.has(w));
  return phrase.length ? phrase.join(' ') : null;
}
