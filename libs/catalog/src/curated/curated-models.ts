import type { CuratedModel } from './curated-model';
import { FULLY_OPEN_RESEARCH } from './curated-research';
import { TII_FALCON } from './curated-tii-falcon';
import { MISTRAL } from './curated-mistral';
import { MICROSOFT_PHI } from './curated-microsoft-phi';
import { ALIBABA_QWEN } from './curated-alibaba-qwen';
import { META_LLAMA } from './curated-meta-llama';
import { GOOGLE } from './curated-google';
import { DEEPSEEK } from './curated-deepseek';
import { BIGCODE } from './curated-bigcode';
import { COHERE } from './curated-cohere';
import { OPENAI } from './curated-openai';
import { ANTHROPIC } from './curated-anthropic';
import { XAI } from './curated-xai';

/*
 * The curated overlay: hand-checked facts about widely used models. Every known fact carries a source link
 * whose `field` names it; facts that could not be sourced are left unknown (null, [], UNKNOWN). Parameter
 * counts are the producer's stated figure: an exact count where the producer publishes one, otherwise the
 * nominal size it states (noted on the source). The Model Openness Tool (MIT-licensed, lfai/model_openness_tool)
 * is referenced only by record name and link; none of its content is copied here.
 */

/** The curated overlay, in a stable order. Keys are unique (see curated-models.spec.ts). */
export const CURATED_MODELS: readonly CuratedModel[] = Object.freeze([
  ...FULLY_OPEN_RESEARCH,
  ...TII_FALCON,
  ...MISTRAL,
  ...MICROSOFT_PHI,
  ...ALIBABA_QWEN,
  ...META_LLAMA,
  ...GOOGLE,
  ...DEEPSEEK,
  ...BIGCODE,
  ...COHERE,
  ...OPENAI,
  ...ANTHROPIC,
  ...XAI,
]);
