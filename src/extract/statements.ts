/**
 * Quotations with their speaker and the speaker's role, and sentences that claim, allege, report, deny or
 * dispute something, with who does it. A quotation is text between quotation marks; its speaker is the
 * subject of the speech verb before or after it ("He stated, “…”", "“…,” the blog post stated"), else whoever
 * the sentence's reporting verb belongs to, else the sentence's "according to". Terms in quotation marks
 * ("special relationship") and titles ("a blog post titled “…”") are not quotations of anyone.
 */
import { CLAIM_VERBS, DENIAL_VERBS, SPEECH_VERBS, resolveSpeaker, verbMatches, subjectPhrase, type Cast, type Speaker, type SubjectTrail } from './attribution.js';
import type { Span } from './sentences.js';

export interface QuoteMention {
  /** The quotation marks and what they hold. */
  start: number;
  end: number;
  text: string;
  words: number;
  speaker: Speaker | null;
  /** Why this speaker: which words attribute it. */
  how: string;
}

export interface StatementMention {
  kind: 'claim' | 'denial';
  sentence: Span;
  /** The verb or phrase that makes it a claim or a denial. */
  cue: string;
  who: Speaker | null;
  /** For a denial: what is denied, the words after the verb (the reviewer rewrites them). */
  denies: string | null;
}

const OPEN = /[“"]/g;
const denialPhrase = /\b(?:is|was|are|were)\s+not\s+(?:correct|true|accurate)\b|\buntrue\b/i;
/** Saying nothing is a statement too: "has not replied to requests for comment", "declined to comment". */
const noComment = /\b(?:has|have|had|did)\s+not\s+(?:replied|responded|commented|offered|returned|answered)\b|\bdeclined to (?:comment|respond)\b|\bno (?:further |additional )?comment\b/i;
/** The article's own voice judging: "Clearly, this would …", "it is important to note", "raises doubts". */
const ownVoice = /\b(?:clearly|notably|perhaps|it is important to note|raises (?:doubts|concerns|questions)|(?:this|that|which) would)\b/i;
const hedge = /\b(allegedly|reportedly|purportedly|according to|allegations?|accused)\b/i;
const according = /\baccording to (?:the\s+)?([^,.;]{2,60}?)(?=[,.;]|$)/i;

/** Quotation spans in a passage: curly pairs, or straight quotes taken in pairs. */
function quotationSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(OPEN)) {
    const at = m.index ?? 0;
    if (spans.some(([s, e]) => s <= at && at < e)) continue;
    const close = m[0] === '“' ? text.indexOf('”', at + 1) : text.indexOf('"', at + 1);
    if (close === -1) continue;
    spans.push([at, close + 1]);
  }
  return spans;
}

/** Finds the speaker in `before` (the last speech verb whose subject resolves) at article offset `at`. */
function speakerBefore(before: string, at: number, cast: Cast, trail: SubjectTrail): { speaker: Speaker; how: string } | undefined {
  for (const v of verbMatches(before, SPEECH_VERBS).reverse()) {
    const phrase = subjectPhrase(before.slice(0, v.index ?? 0));
    if (!phrase) continue;
    const speaker = resolveSpeaker(phrase, at, cast, trail);
    if (speaker) return { speaker, how: `${phrase} ${v[0]}` };
  }
  return undefined;
}

/** Every quotation in `passage` (article offsets), or only those opening `within` a sentence, with its speaker. */
export function findQuotations(passage: Span, sentences: Span[], cast: Cast, trail: SubjectTrail, within?: Span): QuoteMention[] {
  const out: QuoteMention[] = [];
  for (const [s, e] of quotationSpans(passage.text)) {
    const start = passage.start + s;
    const end = passage.start + e;
    if (within && !(within.start <= start && start < within.end)) continue;
    const inner = passage.text.slice(s + 1, e - 1);
    const words = inner.split(/\s+/).filter(Boolean).length;
    const sentence = sentences.find((x) => x.start <= start && start < x.end) ?? passage;
    const before = passage.text.slice(sentence.start - passage.start, s);
    if (/\b(?:titled|called|named|dubbed|headlined)\s*$/i.test(before)) continue; // a title, not a quotation
    const closing = sentences.find((x) => x.start < end && end <= x.end) ?? sentence;
    const after = passage.text.slice(e, closing.end - passage.start);
    let found: { speaker: Speaker; how: string } | undefined;
    const tail = new RegExp(`^[,.]?\\s*((?:the\\s+)?[^,.“”"]{1,40}?)\\s+(${SPEECH_VERBS})\\b`, 'i').exec(after);
    if (tail) {
      const speaker = resolveSpeaker(tail[1] as string, start, cast, trail);
      if (speaker) found = { speaker, how: `${tail[1]} ${tail[2]}` };
    }
    // News style puts the verb first: "“…,” said Jane Doe, a resident."
    const inverted = found ? null : new RegExp(`^[,.]?\\s*(${SPEECH_VERBS})\\s+((?:the\\s+)?[^,.“”"]{1,40}?)(?=[,.]|$)`, 'i').exec(after);
    if (inverted) {
      const speaker = resolveSpeaker(inverted[2] as string, start, cast, trail);
      if (speaker) found = { speaker, how: `${inverted[1]} ${inverted[2]}` };
    }
    found ??= speakerBefore(before, start, cast, trail);
    if (!found) {
      for (const verb of verbMatches(before, `${CLAIM_VERBS}|${DENIAL_VERBS}`).reverse()) {
        const phrase = subjectPhrase(before.slice(0, verb.index));
        const speaker = phrase ? resolveSpeaker(phrase, start, cast, trail) : undefined;
        if (speaker && phrase) {
          found = { speaker, how: `${phrase} ${verb[0]}` };
          break;
        }
      }
    }
    if (!found) {
      const acc = according.exec(sentence.text);
      if (acc) found = { speaker: resolveSpeaker(acc[1] as string, start, cast, trail) ?? { name: acc[1] as string, role: null, person: false }, how: acc[0] };
    }
    if (!found && /\b(?:with|by)\s+(?:comments?|replies|responses?|posts?)?\s*(?:like|such as|responding with|saying)?\s*$/i.test(before)) {
      const speaker = cast.lastPerson(start);
      if (speaker) found = { speaker, how: 'the person the sentence names, replying' };
    }
    if (!found) {
      // Reporting goes on from the sentence before: the source the article was last citing.
      const speaker = trail.before(start);
      if (speaker) found = { speaker, how: `still reporting ${speaker.name}` };
    }
    out.push({ start, end, text: passage.text.slice(s, e), words, speaker: found?.speaker ?? null, how: found?.how ?? 'no speaker found' });
  }
  return out;
}

/** A claim or denial for each sentence with a reporting or denying verb, or a hedge ("allegedly"). */
export function findStatement(sentence: Span, cast: Cast, trail: SubjectTrail): StatementMention | undefined {
  const text = sentence.text.replace(/[“"][^“”"]*[”"]/g, (q) => ' '.repeat(q.length)); // verbs inside quotes are someone else's
  const denial = verbMatches(text, DENIAL_VERBS)[0] ?? denialPhrase.exec(text) ?? undefined;
  const verb = verbMatches(text, `${CLAIM_VERBS}|${SPEECH_VERBS}`)[0];
  const hedged = verb ? undefined : (hedge.exec(text) ?? undefined);
  const claim = verb ?? hedged ?? noComment.exec(text) ?? undefined;
  const quoted = /[“"][^“”"]+[”"]/.exec(sentence.text);
  const voice = ownVoice.exec(text) ?? undefined;
  const cue = denial ?? claim ?? voice;
  if (!cue) {
    // Words in quotation marks come from someone: the source the passage has been reporting.
    if (!quoted) return undefined;
    const who = trail.before(sentence.start) ?? null;
    return { kind: 'claim', sentence, cue: `quoted ${quoted[0]}`, who, denies: null };
  }
  if (cue === voice && !denial && !claim) return { kind: 'claim', sentence, cue: cue[0], who: null, denies: null };
  const kind = denial ? 'denial' : 'claim';
  let who: Speaker | null = null;
  const acc = according.exec(text);
  if (acc) who = resolveSpeaker(acc[1] as string, sentence.start, cast, trail) ?? null;
  if (!who && hedged && cue === hedged) {
    // "X allegedly did Y": X is what is claimed about, not who claims it; that is the source being reported.
    who = trail.before(sentence.start) ?? null;
  } else if (!who) {
    const phrase = subjectPhrase(text.slice(0, cue.index));
    if (phrase) who = resolveSpeaker(phrase, sentence.start + (cue.index ?? 0), cast, trail) ?? null;
  }
  if (who) trail.note(sentence.start, who);
  const denies = kind === 'denial' ? sentence.text.slice((cue.index ?? 0) + cue[0].length).replace(/^\s*(?:the\s+)?/, '').replace(/[.\s]+$/, '').slice(0, 160) || null : null;
  return { kind, sentence, cue: cue[0], who, denies };
}
