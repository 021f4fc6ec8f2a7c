/** `/ask`: a free-text question answered with the best facts and passages, or an honest "not covered". */
import type { Bot } from './bot.js';
import { cleanInput, escapeUserText } from './escape.js';
import { answerQuestion } from '../search/answer.js';
import { customId, ephemeral, LIMITS, pagedAnswer } from './format.js';
import { topicList } from './topics.js';
import type { Reply } from './types.js';

export function askReply(bot: Bot, raw: string, page = 1, update = false): Reply {
  const question = cleanInput(raw);
  const story = bot.case.vocabulary.case;
  if (!/[\p{L}\p{N}]/u.test(question)) return ephemeral(`Ask me a question in words, e.g. \`/ask question:${story.examples.ask}\``);
  const answer = answerQuestion(bot.case, bot.search, question);
  if (answer.kind === 'decline') {
    const what = answer.unquoted
      ? `My sources name ${answer.unquoted.name}${answer.unquoted.role ? ` (${answer.unquoted.role})` : ''} but quote nothing they said, so I can't answer: ${escapeUserText(question, 200)}`
      : answer.unknown.length
        ? `My sources don't mention ${answer.unknown.map((w) => `**${escapeUserText(w, 40)}**`).join(', ')}, so I can't answer: ${escapeUserText(question, 200)}`
        : `My sources don't cover that: ${escapeUserText(question, 200)}`;
    return ephemeral(`${what}\nThey are ${story.description}. Topics I can answer: ${topicList(bot, ['claim', 'denial', 'event', 'money'])}.`);
  }
  const pageId = (n: number) => customId('ask', 'p', String(n), question);
  const shortened = pageId(1).length >= LIMITS.customId;
  return pagedAnswer(bot.case, {
    header: `**From my sources**, on: ${escapeUserText(question, 200)}\nBest match first; every line in quotation marks is the articles' own words.`,
    items: answer.items,
    page,
    update,
    pageId,
    ...(shortened && page > 1 ? { note: '(Paging uses the first words of your question.)' } : {}),
  });
}
