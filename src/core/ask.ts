/**
 * `/ask`'s home is `commands/ask/`. This keeps `scripts/eval.ts` (the lead's) compiling with its old call; the
 * first reply now shows the best item and two more as lines, and there are no pages, so eval should score
 * `answerQuestion` directly. Then this file goes.
 */
import { askReply as render } from '../../commands/ask/render.js';
import type { Bot, Reply } from './types.js';

export function askReply(bot: Bot, raw: string, _page = 1): Reply {
  return render(bot, raw);
}
