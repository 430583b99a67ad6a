import { suggestValue } from '../suggest.js';
import { FULL_PRECISION_DTYPES, LR_SCHEDULERS } from '../vocabulary.js';
import type { Collector } from './collector.js';
import type { Trainer } from './process.js';
import { isObj, listOf, numv, str } from './values.js';

/** The network block: rank and alpha, whose defaults quietly ruin a LoRA. */
export function lintNetwork(t: Trainer, out: Collector): void {
  const { p, network, at, base } = t;
  if (!network) {
    // with an adapter block the process trains that adapter; without, the whole model, on purpose or not
    if (!isObj(p.adapter)) out.add('network.missing', 'warning', base, "no 'network' block: ai-toolkit fine-tunes the whole model (checkpoints the size of the model) instead of training a LoRA", 'for a LoRA add network: {type: lora, linear: 16, linear_alpha: 16}');
  } else {
    const rank = numv(network.linear) ?? numv(network.rank);
    if (rank === undefined) out.add('network.rank-default', 'warning', at('network'), 'no rank: ai-toolkit uses linear 4', 'set network.linear (16-32 for a character)');
    if (network.linear_alpha === undefined && network.alpha === undefined) {
      out.add('network.alpha-default', 'error', at('network'), `no 'linear_alpha': alpha defaults to 1, not to the rank${rank ? ` (${rank})` : ''}, so the LoRA is scaled down ${rank ? `${rank}×` : ''} and barely learns`, `add linear_alpha: ${rank ?? 16}`);
    }
  }
}

/** The train block: steps, lr, dtype, gradient accumulation, schedulers. Returns the training dtype. */
export function lintTrain(t: Trainer, out: Collector): { dtype: string | undefined } {
  const { train, hasTrain, at, base } = t;
  if (!hasTrain) out.add('train.missing', 'error', base, "no 'train' block: lr 1e-6, dtype fp32, 1000 steps", 'add a train block (lorapilot config build writes one)');
  if (hasTrain && train.steps === undefined) out.add('train.steps-default', 'warning', at('train'), "no 'steps': ai-toolkit trains 1,000 steps, whatever the dataset", 'set steps = epochs × steps per epoch (lorapilot config build does the math)');
  const lr = numv(train.lr);
  const optimizer = str(train.optimizer)?.toLowerCase() ?? 'adamw';
  const adaptive = /^(prodigy|dadaptation|automagic)/.test(optimizer);
  if (hasTrain && train.lr === undefined) out.add('train.lr-default', 'error', at('train'), "no 'lr': ai-toolkit trains at 1e-6 and the LoRA learns next to nothing", 'add lr: 0.0001');
  else if (lr !== undefined && !adaptive && lr <= 1e-6) out.add('train.lr-default', 'error', at('train', 'lr'), `lr ${lr} is ai-toolkit's do-nothing default`, 'use 0.0001 (1e-4) for adamw8bit');
  else if (lr !== undefined && !adaptive && lr > 1e-3) out.add('train.lr-high', 'warning', at('train', 'lr'), `lr ${lr} is very high for ${optimizer}: expect burnt, over-saturated samples`, 'use 1e-4 to 2e-4');
  const dtype = str(train.dtype);
  if (hasTrain && train.dtype === undefined) out.add('train.dtype-default', 'error', at('train'), "no 'dtype': ai-toolkit loads and trains the model in fp32 (twice the memory, slower)", 'add dtype: bf16');
  else if (dtype && FULL_PRECISION_DTYPES.includes(dtype)) out.add('train.dtype-default', 'error', at('train', 'dtype'), `dtype ${dtype}: the whole model is loaded in full precision`, 'use dtype: bf16');
  const gaSteps = numv(train.gradient_accumulation_steps);
  const ga = numv(train.gradient_accumulation) ?? 1;
  if (gaSteps !== undefined && gaSteps !== 1) {
    if (ga > 1) out.add('train.grad-accum-both', 'error', at('train', 'gradient_accumulation_steps'), 'gradient_accumulation and gradient_accumulation_steps together: ai-toolkit stops with a ValueError', 'keep only gradient_accumulation');
    else out.add('train.grad-accum-legacy', 'warning', at('train', 'gradient_accumulation_steps'), `'gradient_accumulation_steps' is the legacy key: the optimizer steps only every ${gaSteps === -1 ? 'epoch' : `${gaSteps} steps`} and gradients of the skipped steps look discarded (zero_grad each step), so it mostly cuts updates`, `use gradient_accumulation: ${gaSteps === -1 ? 4 : gaSteps} (one step = that many batches, one optimizer step)`, 'key');
  }
  const lrs = str(train.lr_scheduler);
  if (lrs && !(LR_SCHEDULERS as readonly string[]).includes(lrs)) {
    const near = suggestValue(lrs, LR_SCHEDULERS);
    out.add('train.lr-scheduler', 'error', at('train', 'lr_scheduler'), `unknown lr_scheduler '${lrs}': ai-toolkit stops after trying it as a diffusers scheduler`, near ? `did you mean '${near}'?` : `use one of ${listOf(LR_SCHEDULERS)}`);
  }
  if (lrs === 'constant_with_warmup' && !(isObj(train.lr_scheduler_params) && train.lr_scheduler_params.num_warmup_steps !== undefined)) {
    out.add('train.warmup-default', 'warning', at('train', 'lr_scheduler'), 'constant_with_warmup without num_warmup_steps warms up over 1000 steps', 'add lr_scheduler_params: {num_warmup_steps: 100}');
  }
  if (isObj(train.ema_config) && train.ema_config.use_ema === true && numv(train.ema_config.ema_decay) === 0.999) {
    out.add('train.ema-decay', 'info', at('train', 'ema_config', 'ema_decay'), 'ema_decay 0.999 averages over ~1,000 steps: early checkpoints lag far behind the training', "ai-toolkit's examples use 0.99");
  }
  return { dtype };
}
