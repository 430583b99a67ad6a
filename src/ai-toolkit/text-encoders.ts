/**
 * How many tokens of a caption each model's text encoder reads in ai-toolkit; the rest is cut.
 * From the model classes at commit 27a03a91:
 *   sd1/sd2/sdxl   CLIP, 77 tokens (75 after the start and end tokens); train_tools.text_tokenize
 *   flux/flex1     T5, max_length=512 (stable_diffusion_model.py:2474, encode_prompts_flux)
 *   chroma         T5, max_length = 512 (chroma_model.py:388)
 *   flux_kontext   T5, max_length=512 (flux_kontext.py:361)
 *   flux2          its pipeline's max_sequence_length 512 (flux2/src/pipeline.py:98)
 *   qwen_image*    diffusers QwenImagePipeline.encode_prompt, tokenizer_max_length 1024 (Qwen2.5-VL)
 *   zimage         diffusers ZImagePipeline.encode_prompt, max_sequence_length 512 (Qwen3)
 *   wan21/wan22    UMT5, max_sequence_length=512 (wan21.py:611)
 *   lumina2        Gemma, max_sequence_length=256 (stable_diffusion_model.py:2495)
 *   hidream        max_sequence_length = 128 (hidream_model.py:391)
 */

export interface TextEncoderWindow {
  /** The encoder as users know it: CLIP, T5, Qwen2.5-VL … */
  encoder: string;
  /** Caption tokens it reads. */
  tokens: number;
}

export const CLIP_WINDOW: TextEncoderWindow = { encoder: 'CLIP', tokens: 75 };

const BY_ARCH: Record<string, TextEncoderWindow> = {
  sd1: CLIP_WINDOW, sd2: CLIP_WINDOW, sdxl: CLIP_WINDOW, ssd: CLIP_WINDOW, vega: CLIP_WINDOW,
  flux: { encoder: 'T5', tokens: 512 },
  chroma: { encoder: 'T5', tokens: 512 },
  flux_kontext: { encoder: 'T5', tokens: 512 },
  flux2: { encoder: 'Mistral', tokens: 512 },
  qwen_image: { encoder: 'Qwen2.5-VL', tokens: 1024 },
  qwen_image_edit: { encoder: 'Qwen2.5-VL', tokens: 1024 },
  qwen_image_edit_plus: { encoder: 'Qwen2.5-VL', tokens: 1024 },
  zimage: { encoder: 'Qwen3', tokens: 512 },
  wan21: { encoder: 'UMT5', tokens: 512 },
  wan22_5b: { encoder: 'UMT5', tokens: 512 },
  wan22_14b: { encoder: 'UMT5', tokens: 512 },
  lumina2: { encoder: 'Gemma', tokens: 256 },
  hidream: { encoder: 'T5 and Llama', tokens: 128 },
};

/** Names that say which model a preset id or a Hub repo is, for when only those are known. */
const BY_NAME: Array<[RegExp, string]> = [
  [/qwen/i, 'qwen_image'],
  [/z-?image/i, 'zimage'],
  [/flux\.?2/i, 'flux2'],
  [/kontext/i, 'flux_kontext'],
  [/chroma/i, 'chroma'],
  [/flux|flex/i, 'flux'],
  [/sdxl|xl/i, 'sdxl'],
  [/wan2\.?2/i, 'wan22_14b'],
  [/wan/i, 'wan21'],
  [/lumina/i, 'lumina2'],
  [/hidream/i, 'hidream'],
];

/**
 * The window for an ai-toolkit arch (`zimage:turbo` too), else for a preset id or model name that names
 * one; CLIP's when nothing is known, the shortest, so a caption is never let through as fitting when it may not.
 */
export function textEncoderFor(archOrName: string | null | undefined): TextEncoderWindow {
  if (!archOrName) return CLIP_WINDOW;
  const arch = archOrName.split(':')[0];
  const direct = BY_ARCH[arch === 'flex1' ? 'flux' : arch];
  if (direct) return direct;
  const named = BY_NAME.find(([re]) => re.test(archOrName));
  return named ? BY_ARCH[named[1]] : CLIP_WINDOW;
}
