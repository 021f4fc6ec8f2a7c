/** Topics: resolving what a user typed to a topic, ranking facts by it, and autocomplete choices. */
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { ResolvedFact } from '../corpus/case.js';
import type { FactKind, Topic } from '../corpus/schema.js';
import type { Bot } from './bot.js';
import { LIMITS } from './format.js';

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The topic the text names exactly (id, label or alias), if any. */
export function findTopic(topics: readonly Topic[], text: string): Topic | undefined {
  const wanted = norm(text);
  if (!wanted) return undefined;
  return topics.find((t) => norm(t.id) === wanted || norm(t.label) === wanted || t.aliases.some((a) => norm(a) === wanted));
}

export function factsOfKind(bot: Bot, kind: FactKind): ResolvedFact[] {
  return bot.case.facts.filter((f) => f.kind === kind);
}

/**
 * Facts of a kind ranked by a topic: facts tagged with the named topic first, then facts whose words
 * match the topic text, best first. Facts matching neither are left out.
 */
export function rankByTopic(bot: Bot, facts: readonly ResolvedFact[], topicText: string): ResolvedFact[] {
  const topic = findTopic(bot.case.topics, topicText);
  const ids = new Set(facts.map((f) => f.id));
  const scores = new Map<string, number>();
  const outcome = bot.search.search(topic ? `${topicText} ${topic.label}` : topicText, { kinds: ['fact'], filter: (id) => ids.has(id), limit: facts.length });
  const top = outcome.hits[0]?.score ?? 1;
  for (const hit of outcome.hits) {
    // A weak text match is noise next to a strong one: keep hits within a fifth of the best.
    if (hit.score >= top * 0.2) scores.set(hit.id, hit.score / top);
  }
  for (const fact of facts) if (topic && fact.topics.includes(topic.id)) scores.set(fact.id, (scores.get(fact.id) ?? 0) + 10);
  return facts.filter((f) => scores.has(f.id)).sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0));
}

/** Autocomplete: topics that have facts of the given kinds, matching what has been typed so far. */
export function topicChoices(bot: Bot, typed: unknown, kinds: readonly FactKind[]): APIApplicationCommandOptionChoice<string>[] {
  const text = norm(typeof typed === 'string' ? typed : '');
  const used = new Set(bot.case.facts.filter((f) => kinds.includes(f.kind)).flatMap((f) => f.topics));
  const candidates = bot.case.topics.filter((t) => used.has(t.id));
  const matching = text
    ? candidates.filter((t) => [t.id, t.label, ...t.aliases].some((s) => norm(s).includes(text)))
    : candidates;
  return matching.slice(0, LIMITS.choices).map((t) => ({ name: t.label.slice(0, LIMITS.choiceText), value: t.id }));
}

/** "inbox-api, titan-api, ..." for messages that suggest what to try. */
export function topicList(bot: Bot, kinds: readonly FactKind[]): string {
  return topicChoices(bot, '', kinds).map((c) => `\`${c.value}\``).join(', ');
}

/** The topic most facts of the given kinds are about: the example a help line gives. */
export function busiestTopic(bot: Bot, kinds: readonly FactKind[]): Topic | undefined {
  const counts = new Map<string, number>();
  for (const fact of bot.case.facts) if (kinds.includes(fact.kind)) for (const t of fact.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  let best: Topic | undefined;
  for (const topic of bot.case.topics) if ((counts.get(topic.id) ?? 0) > (best ? (counts.get(best.id) ?? 0) : 0)) best = topic;
  return best;
}
