import type { ConfigFacts } from './config-echo.js';

/**
 * Why a run failed, and what to change, from the exception's final line, its traceback and the
 * log lines before it. Patterns come from ai-toolkit's source (run.py, BaseSDTrainProcess.py,
 * toolkit/config.py, the dataloader) and from logs pasted in its public issues. The fix names the
 * project's own settings as the run echoed them (config-echo.ts).
 */
export const CAUSE_IDS = ['oom-fatal', 'oom-load', 'oom-sampling', 'host-oom', 'nan', 'hf-auth', 'no-space', 'env-var', 'no-images', 'no-grad', 'no-kernel', 'illegal-access'] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

export interface FailureCause {
  id: CauseId;
  /** One line: what happened. */
  cause: string;
  /** What to change, with the run's values. */
  fix: string;
}

export interface FailureText {
  /** The exception's final line (or ai-toolkit's `Error running job:` message). */
  message: string;
  traceback: string[];
  /** Log lines before the failure, oldest first. */
  lines: string[];
  /** What the run was doing: loading, sampling, training… */
  phase: string | null;
}

const on = (b: boolean | null) => (b === null ? '' : b ? ' (on)' : ' (now off)');
const now = (v: unknown) => (v === null || v === undefined ? '' : ` (now ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)})`);

/** The ways to need less GPU memory, with the run's values, cheapest first. */
export function memoryFix(f: ConfigFacts, where: 'step' | 'load' | 'sampling'): string {
  const res = f.resolution && f.resolution.length > 0 ? Math.max(...f.resolution) : null;
  const steps: string[] = [];
  if (where === 'sampling') steps.push('lower sample.width/height or sample.sample_steps, or set train.disable_sampling: true');
  if (where !== 'load') {
    if (f.batchSize === null || f.batchSize > 1) steps.push(`lower train.batch_size${now(f.batchSize)} (to 1, with train.gradient_accumulation to keep the effective batch)`);
    steps.push(`drop the largest resolution${now(f.resolution)}${res && res > 768 ? ` (e.g. ${res} → ${res >= 1024 ? 768 : 512})` : ''}`);
    if (f.gradientCheckpointing !== true) steps.push(`turn on train.gradient_checkpointing${on(f.gradientCheckpointing)}`);
  }
  if (f.quantize !== true) steps.push(`turn on model.quantize${on(f.quantize)}`);
  if (f.lowVram !== true) steps.push(`turn on model.low_vram${on(f.lowVram)}`);
  if (where === 'step' && f.rank !== null && f.rank > 16) steps.push(`lower network.linear${now(f.rank)} to 16`);
  if (steps.length === 0) steps.push(`this model${f.model ? ` (${f.model})` : ''} needs a GPU with more memory than this one`);
  return steps.join('; ');
}

interface Rule {
  id: CauseId;
  /** Tested against the message, then the traceback and lines. */
  test: RegExp;
  cause: (t: FailureText, f: ConfigFacts) => string;
  fix: (t: FailureText, f: ConfigFacts) => string;
}

const OOM = /CUDA out of memory|OutOfMemoryError|CUDA error: out of memory|OOM during training step \d+ times in a row/;

const RULES: Rule[] = [
  {
    id: 'oom-load',
    test: OOM,
    cause: () => 'out of GPU memory while loading or quantizing the model',
    fix: (_t, f) => memoryFix(f, 'load'),
  },
  {
    id: 'oom-sampling',
    test: OOM,
    cause: () => 'out of GPU memory while generating samples',
    fix: (_t, f) => memoryFix(f, 'sampling'),
  },
  {
    id: 'oom-fatal',
    test: OOM,
    cause: (t) => (/3 times in a row/.test(t.message) ? 'out of GPU memory on four steps in a row (ai-toolkit gives up after that)' : 'out of GPU memory, and not inside a training step ai-toolkit can skip'),
    fix: (_t, f) => memoryFix(f, 'step'),
  },
  {
    id: 'hf-auth',
    test: /\b40[13] Client Error|GatedRepoError|gated repo|Access to model .* is restricted|Invalid user token|RepositoryNotFoundError|huggingface-cli login/i,
    cause: (_t, f) => `Hugging Face refused to download ${f.model ?? 'the model'} (a gated model, or no valid token)`,
    fix: (_t, f) => `accept the model's licence on https://huggingface.co/${f.model && !f.model.startsWith('/') ? f.model : '<model>'} with your account, then put a read token in HF_TOKEN on the pod (lorapilot pod doctor checks it) and relaunch`,
  },
  {
    id: 'no-space',
    test: /No space left on device|Errno 28\b/,
    cause: () => 'the disk filled up (No space left on device)',
    fix: () => 'free space under /workspace (old runs, the Hugging Face cache), lower save.max_step_saves_to_keep, or grow the volume; then relaunch: ai-toolkit resumes from the newest checkpoint',
  },
  {
    id: 'env-var',
    test: /Environment variable (\S+) not set/,
    cause: (t) => `the config uses \${${/Environment variable (\S+) not set/.exec(t.message)?.[1] ?? 'VAR'}} and it is not set in the run's environment`,
    fix: (t) => `set ${/Environment variable (\S+) not set/.exec(t.message)?.[1] ?? 'it'} on the pod before lorapilot train, or write the value into the config`,
  },
  {
    id: 'no-images',
    test: /no images found|No images found|found 0 images|Found 0 images|num_samples=0/,
    cause: () => 'a dataset folder in the config has no images ai-toolkit can read on the pod',
    fix: () => 'check each datasets[].folder_path (the path on the pod) and upload the images with lorapilot pod upload; ai-toolkit reads .jpg, .jpeg, .png and .webp',
  },
  {
    id: 'no-grad',
    test: /element 0 of tensors does not require grad/,
    cause: () => 'nothing being trained had a gradient (element 0 of tensors does not require grad)',
    fix: (_t, f) => `the network was not attached to this model${f.arch ? ` (arch ${f.arch})` : ''}: check network.type and that model.arch matches the model; with train.gradient_checkpointing${on(f.gradientCheckpointing)} and a quantized model, update ai-toolkit on the pod`,
  },
  {
    id: 'no-kernel',
    test: /no kernel image is available for execution/,
    cause: () => "the installed PyTorch was not built for this GPU (no kernel image is available)",
    fix: () => "install the PyTorch build for this GPU's CUDA version (newer GPUs need a newer CUDA, e.g. cu128), or use ai-toolkit's official pod template",
  },
  {
    id: 'illegal-access',
    test: /illegal memory access/,
    cause: () => 'the GPU hit an illegal memory access (a CUDA kernel failed; the process cannot continue)',
    fix: (_t, f) => `relaunch: ai-toolkit resumes from the newest checkpoint; if it repeats at the same step, update ai-toolkit and its PyTorch, and turn on model.low_vram${on(f.lowVram)} or lower train.batch_size${now(f.batchSize)}`,
  },
];

/** The cause of a failed run, or null when nothing known matches. */
export function classifyFailure(t: FailureText, f: ConfigFacts): FailureCause | null {
  const rest = [...t.traceback, ...t.lines].join('\n');
  for (const r of RULES) {
    if (!r.test.test(t.message) && !r.test.test(rest)) continue;
    if (r.id === 'oom-load' && !loading(t)) continue;
    if (r.id === 'oom-sampling' && !sampling(t)) continue;
    return { id: r.id, cause: r.cause(t, f), fix: r.fix(t, f) };
  }
  return null;
}

function loading(t: FailureText): boolean {
  return t.phase === 'loading' || t.phase === null || t.traceback.some((l) => /load_model|quantiz|from_pretrained|load_state_dict/.test(l));
}

function sampling(t: FailureText): boolean {
  return t.phase === 'sampling' || t.traceback.some((l) => /\bsample\(|generate_images/.test(l));
}

/** The host ran out of RAM: the kernel's OOM killer leaves no exit code and no traceback. */
export function hostOomCause(f: ConfigFacts, phase: string | null): FailureCause {
  const load = phase === 'loading' || phase === null;
  return {
    id: 'host-oom',
    cause: `the trainer is gone without an exit code or a traceback${load ? ' while loading the model' : ''}: the usual cause is the pod running out of RAM (the kernel's OOM killer), or the pod restarting`,
    fix: `check with dmesg on the pod (Killed process … python); then use a pod with more RAM, or turn on model.low_vram${on(f.lowVram)} and model.quantize${on(f.quantize)} so less of ${f.model ?? 'the model'} is held in RAM at once. Relaunching resumes from the newest checkpoint`,
  };
}
