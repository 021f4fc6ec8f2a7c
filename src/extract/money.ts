/**
 * Amounts of money in article text, each with its currency, value in whole units, and what the sentence says
 * about it: the verb and phrase around it (its purpose as far as the sentence says), who pays and who is
 * paid when the sentence names them. Only dollars: the corpus schema's currencies.
 */
import type { Span } from './sentences.js';

export interface MoneyMention {
  start: number;
  end: number;
  text: string;
  amount: number;
  currency: 'USD';
  /** The words around the amount that say what it is for (the article's words, for the reviewer to edit). */
  purpose: string;
  payer: string | null;
  payee: string | null;
}

const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, b: 1e9, bn: 1e9, trillion: 1e12 };
/** "$150 million", "US$40M", "$1.5 billion", "$284,000", "150 million dollars". */
const AMOUNT = /(?:US\s?\$|\$)\s?(\d[\d,]*(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion|mn|bn|[MBK])\b)?|\b(\d[\d,]*(?:\.\d+)?)\s(thousand|million|billion|trillion)?\s?(?:US\s)?dollars\b/gi;

const NAME = /\b(?:[A-Z][\w’'&.-]*(?:\s+(?:of\s+)?[A-Z][\w’'&.-]*)*)/g;
const NOT_NAMES = new Set(['The', 'A', 'An', 'In', 'By', 'On', 'At', 'As', 'It', 'This', 'That', 'He', 'She', 'They', 'Additionally', 'Also', 'However', 'Meanwhile', 'According', 'Back', 'Then', 'Now', 'Later', 'Earlier']);

function lastName(text: string): string | null {
  let last: string | null = null;
  for (const m of text.matchAll(NAME)) {
    const name = m[0].replace(/[’']s$/, '').replace(/[.]$/, '');
    if (!NOT_NAMES.has(name.split(/\s+/)[0] ?? '') && !/^(?:19|20)\d{2}$/.test(name)) last = name;
  }
  return last;
}

/** Every amount in `sentence` (a span of the article). */
export function findMoney(sentence: Span): MoneyMention[] {
  const out: MoneyMention[] = [];
  const text = sentence.text;
  for (const m of text.matchAll(AMOUNT)) {
    const number = Number((m[1] ?? m[3] ?? '').replace(/,/g, ''));
    const unit = (m[2] ?? m[4] ?? '').toLowerCase();
    if (!Number.isFinite(number) || number <= 0) continue;
    const amount = Math.round(number * (SCALE[unit] ?? 1));
    const at = m.index ?? 0;
    const before = text.slice(0, at);
    const after = text.slice(at + m[0].length);
    // The clause around the amount: back to the last comma or clause word, on to the next comma or "and".
    const clauseStart = Math.max(before.lastIndexOf(', '), before.search(/\b(?:which|that|who)\b[^,]*$/) - 1, 0);
    const lead = before.slice(clauseStart).replace(/^[,\s]+/, '');
    const tail = /^[^,;.]*?(?=,|;|\.(?:\s|$)|\s+and\s+(?:to\s+)?[a-z]+ing\b|\s+so\s|$)/.exec(after)?.[0] ?? '';
    const purpose = `${lead.split(/\s+/).slice(-4).join(' ')} … ${tail.trim()}`.replace(/\s+/g, ' ').trim();
    // Only "… $X to Name" names who is paid; "related to Name" later in the clause does not.
    const payee = /^\s*(?:to|with)\s+([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)/.exec(tail)?.[1] ?? null;
    out.push({
      start: sentence.start + at,
      end: sentence.start + at + m[0].length,
      text: m[0],
      amount,
      currency: 'USD',
      purpose,
      payer: lastName(before),
      payee,
    });
  }
  return out;
}
