/**
 * The single definition of the corpus files. `corpus/schema/*.json` is generated from these zod schemas
 * (`npm run schema`), and a test fails when the committed JSON Schema is stale.
 *
 * Everything a reader sees as a quote comes from a `Citation`: a source id and a passage of that source's
 * text. The loader proves each quote is in its article; the schema only proves the shape.
 */
import { z } from 'zod';

/** Three digits, the prefix of the article's file name: `000`, `001`, ... */
export const SourceId = z.string().regex(/^\d{3}$/, 'a source id is three digits, e.g. "001"');

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A calendar date with its precision carried by its shape: `2015` (year), `2018-05` (month) or
 * `2024-04-02` (day). Precision is never padded with invented days: "May 2018" is `2018-05`.
 */
export const PartialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date is YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((value) => {
    const [year, month, day] = value.split('-').map(Number);
    if (year === undefined || year < 1900 || year > 2100) return false;
    if (month === undefined) return true;
    if (month < 1 || month > 12) return false;
    if (day === undefined) return true;
    return day >= 1 && day <= (DAYS_IN_MONTH[month - 1] ?? 0);
  }, 'not a real calendar date');

/** Lower-case kebab-case, the shape of every id segment and topic id. */
const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-"');

export const Citation = z
  .object({
    source: SourceId,
    /** Words of the article, verbatim up to quote style, dashes and whitespace. Shown in quotation marks. */
    quote: z.string().min(3).max(900),
  })
  .strict();

/** Page furniture: lines of an article file that are not the article's words (1-based, inclusive). */
export const Furniture = z
  .object({
    lines: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    kind: z.enum(['headline', 'heading', 'byline', 'caption', 'author-bio', 'related-posts', 'comment-form']),
  })
  .strict();

export const Source = z
  .object({
    id: SourceId,
    file: z.string().regex(/^\d{3}_[0-9a-f]+\.txt$/),
    /** sha256 of the file's bytes; checked at load so an accidental edit is caught. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    publisher: z.string().min(1).nullable(),
    author: z.string().min(1).nullable(),
    title: z.string().min(1).nullable(),
    url: z.url().nullable(),
    /** Publication date as far as it is known; `null` when the page does not give one. */
    published: PartialDate.nullable(),
    /** What is known about the article, in the project's own words. */
    notes: z.string().min(1),
    furniture: z.array(Furniture),
  })
  .strict();

export const SourcesFile = z.object({ sources: z.array(Source).min(1) }).strict();

export const Topic = z
  .object({
    id: Slug,
    label: z.string().min(1).max(100),
    /** Extra words that should find this topic in autocomplete and `/claim topic:`. */
    aliases: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const TopicsFile = z.object({ topics: z.array(Topic).min(1) }).strict();

/**
 * Whose words a fact's quotation marks hold, named as the sources name them, so `/quote` can say who said
 * what it finds. It applies only to words inside quotation marks in the fact's citations; words outside
 * them are the article's own.
 */
export const Speaker = z
  .object({
    /** The person or body quoted: "Andy Stone", "the court filing", "Meta's 2018 blog post". */
    name: z.string().min(1),
    /** The role the sources give them ("Meta's communications director"); `null` when they give none. */
    role: z.string().min(1).nullable(),
    /** The organisation they speak for, when they speak for one; `null` otherwise. */
    for: z.string().min(1).nullable(),
    /** The sources that give the quoted words to this speaker; absent means every source of the fact. */
    sources: z.array(SourceId).min(1).optional(),
  })
  .strict();

const factBase = {
  /** Stable, readable, `kind.slug`; cited by fact-checkers, so never renamed once published. */
  summary: z.string().min(5).max(200),
  topics: z.array(Slug).min(1),
  citations: z.array(Citation).min(1),
  /** Set on facts that quote someone: who the quoted words belong to. */
  speaker: Speaker.optional(),
};

export const Claim = z
  .object({
    id: z.string().regex(/^claim\.[a-z0-9-]+$/),
    kind: z.literal('claim'),
    /** Who makes the claim: the lawsuit, the court filing, a newspaper's report... */
    claimant: z.string().min(1),
    /**
     * When the claim was made, if the sources date it as made earlier than the news they report ("the New York
     * Times reported in 2018 …"); `null` for a claim of the reported news itself.
     */
    date: PartialDate.nullable().default(null),
    ...factBase,
  })
  .strict();

export const Denial = z
  .object({
    id: z.string().regex(/^denial\.[a-z0-9-]+$/),
    kind: z.literal('denial'),
    /** Who denies. */
    denier: z.string().min(1),
    /** What is denied, in the project's own words. */
    denies: z.string().min(1),
    /** When the denial was made, as precisely as the sources say; `null` when they don't. */
    date: PartialDate.nullable(),
    /** Ids of the claims this denial answers: shown beside each other, so readers see both sides. */
    disputes: z.array(z.string().regex(/^claim\.[a-z0-9-]+$/)).default([]),
    ...factBase,
  })
  .strict();

export const Event = z
  .object({
    id: z.string().regex(/^event\.[a-z0-9-]+$/),
    kind: z.literal('event'),
    date: PartialDate,
    /** "by 2015" is not "in 2015": `by` marks a state reached no later than the date. */
    qualifier: z.enum(['in', 'by', 'until']).default('in'),
    ...factBase,
  })
  .strict();

export const Money = z
  .object({
    id: z.string().regex(/^money\.[a-z0-9-]+$/),
    kind: z.literal('money'),
    /** Whole units of `currency`: 150000000 for "$150 million". */
    amount: z.number().int().positive(),
    currency: z.enum(['USD']),
    payer: z.string().min(1).nullable(),
    payee: z.string().min(1).nullable(),
    /** What the money paid for, in the project's own words. */
    purpose: z.string().min(1),
    date: PartialDate.nullable(),
    ...factBase,
  })
  .strict();

export const Fact = z.discriminatedUnion('kind', [Claim, Denial, Event, Money]);

export const FactsFile = z.object({ facts: z.array(Fact) }).strict();

/** Sources that contradict each other: each side quoted, nothing smoothed over. */
export const Disagreement = z
  .object({
    id: z.string().regex(/^disagreement\.[a-z0-9-]+$/),
    summary: z.string().min(5).max(200),
    /** Why the sides differ, in the project's own words. */
    note: z.string().min(1),
    sides: z.array(Citation).min(2),
    /** Facts this disagreement bears on; shown next to them. */
    facts: z.array(z.string()).default([]),
  })
  .strict();

export const DisagreementsFile = z.object({ disagreements: z.array(Disagreement) }).strict();

/** A person or organisation the facts name, with the role the sources give them. */
export const Entity = z
  .object({
    /** The name as the sources write it, e.g. "Andy Stone". */
    name: z.string().min(1),
    /** Other ways people write it ("Zuck", "FB"); matched as words, case-insensitively. */
    aliases: z.array(z.string().min(1)).default([]),
    kind: z.enum(['person', 'organisation', 'product', 'publication', 'document']),
    /** The role as the sources give it ("Meta's communications director"); null when they give none. */
    role: z.string().min(1).nullable(),
  })
  .strict();

/**
 * What the story's words mean: the case's own title and description (for /help and replies), groups of
 * words that mean the same in this story, and the people and organisations in it. The code knows English;
 * everything specific to one case is here, so another case's corpus works with the same code.
 */
export const VocabularyFile = z
  .object({
    case: z
      .object({
        /** The case's short title, e.g. for the timeline heading. */
        title: z.string().min(3).max(80),
        /** One line on what the sources are about, for /help and for "my sources don't cover that". */
        description: z.string().min(10).max(300),
        /** An example question for /ask and a sentence for /quote, shown in /help and in hints. */
        examples: z.object({ ask: z.string().min(3).max(100), quote: z.string().min(3).max(100) }).strict(),
      })
      .strict(),
    /**
     * Words and phrases that mean the same in this story (each group: its members are synonyms). Used on
     * the query side at a lower weight than the user's own words.
     */
    synonyms: z.array(z.array(z.string().min(1)).min(2)),
    entities: z.array(Entity),
  })
  .strict();

/**
 * General-English synonyms restricted to the corpus's own terms, generated from WordNet by
 * `npm run thesaurus` (never edited by hand). Optional: a corpus without one searches without it.
 */
export const ThesaurusFile = z
  .object({
    source: z.string().min(1),
    /** A search term a question may use → the corpus's search terms it can mean. */
    terms: z.record(z.string(), z.array(z.string().min(1))),
    /** Real English words (search terms) one edit from a corpus term: never corrected as typos. */
    words: z.array(z.string().min(1)).default([]),
    /**
     * A search term → the corpus's terms for other forms of the same word, which the stemmer keeps apart
     * ("compet" of "competing" → "competit" of "competition"; WordNet's derivationally related forms).
     */
    forms: z.record(z.string(), z.array(z.string().min(1))).default({}),
    /** Everyday nouns (as typed, singular) whose most frequent sense is a person: "plaintiff", "reporter". */
    persons: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * A date or amount in an article that no fact cites, on purpose: `check:corpus` counts it as dismissed, not
 * uncovered. Keyed by offset and text, which stay valid because articles are kept byte for byte.
 */
export const Dismissal = z
  .object({
    source: SourceId,
    /** Offset of `text` in the article file (UTF-16 code units, as the loader's passages use). */
    offset: z.number().int().nonnegative(),
    text: z.string().min(1),
    /** Why no fact cites it, in the project's own words. */
    reason: z.string().min(3),
  })
  .strict();

export const DismissalsFile = z.object({ dismissals: z.array(Dismissal) }).strict();

export type SourceId = z.infer<typeof SourceId>;
export type Citation = z.infer<typeof Citation>;
export type Speaker = z.infer<typeof Speaker>;
export type SourceInfo = z.infer<typeof Source>;
export type Topic = z.infer<typeof Topic>;
export type Fact = z.infer<typeof Fact>;
export type FactKind = Fact['kind'];
export type Disagreement = z.infer<typeof Disagreement>;
export type Entity = z.infer<typeof Entity>;
export type Vocabulary = z.infer<typeof VocabularyFile>;
export type Dismissal = z.infer<typeof Dismissal>;

/** The files whose JSON Schema is generated, keyed by the schema file name. */
export const schemaFiles = {
  'sources.schema.json': SourcesFile,
  'topics.schema.json': TopicsFile,
  'facts.schema.json': FactsFile,
  'disagreements.schema.json': DisagreementsFile,
  'vocabulary.schema.json': VocabularyFile,
  'thesaurus.schema.json': ThesaurusFile,
  'dismissals.schema.json': DismissalsFile,
} as const;
