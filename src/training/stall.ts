import { runState } from '../pod/job.js';
import type { Target } from '../remote/target.js';
import { readGpu, type GpuReading } from './probes.js';
import type { RedFlag } from './red-flag-kinds.js';

/**
 * A run whose process is alive but whose log has not grown for a while: busy (a slow step, a long
 * sampling pass, a big save) or hung. nvidia-smi's load tells them apart; where there is no
 * nvidia-smi (this machine, a CPU pod) the GPU is unknown and the flag says so.
 */
export const DEFAULT_STALL_MINUTES = 10;

/** At or above this GPU load the trainer is working; below IDLE it is waiting on something. */
const BUSY = 20;
const IDLE = 5;

export interface StallInput {
  idleMs: number;
  /** Where the log's read position is: the flag's id, so a later stall is a new flag. */
  offset: number;
  phase: string | null;
  phaseDetail: string | null;
  gpu: GpuReading | null;
}

export function stallFlag(i: StallInput): RedFlag {
  const quiet = `no new output for ${i.idleMs < 60_000 ? `${Math.round(i.idleMs / 1000)} s` : `${Math.round(i.idleMs / 60_000)} min`} while the trainer is still running`;
  const util = i.gpu?.utilization ?? null;
  const doing = i.phaseDetail ?? i.phase;
  const base = { id: `stall-${i.offset}`, kind: 'stall' as const, step: null };
  if (util === null) {
    return { ...base, severity: 'warning', message: `${quiet}${doing ? ` (last: ${doing})` : ''}; GPU load unknown (no nvidia-smi on the target)`, advice: phaseAdvice(i.phase, i.phaseDetail) ?? 'Look at the process on the pod (top, nvidia-smi). If it stays silent, stop it (lorapilot stop) and relaunch: ai-toolkit resumes from the newest checkpoint.' };
  }
  if (util >= BUSY) {
    return { ...base, severity: 'info', message: `${quiet}, GPU busy (${util} %)${doing ? `: ${doing}` : ''}`, advice: phaseAdvice(i.phase, i.phaseDetail) ?? 'The GPU is working: a slow step, a sampling pass or a save. Wait; if steps are this slow every time, lower the resolution or turn off low_vram offloading.' };
  }
  const idle = util < IDLE;
  return {
    ...base,
    severity: idle ? 'error' : 'warning',
    message: `${quiet}, GPU ${idle ? 'idle' : 'nearly idle'} (${util} %)${doing ? ` after: ${doing}` : ''}`,
    advice: `${idle ? 'The trainer looks hung. ' : ''}${phaseAdvice(i.phase, i.phaseDetail) ?? 'Stop it (lorapilot stop) and relaunch with lorapilot train: ai-toolkit resumes from the newest checkpoint.'}`,
  };
}

/** What a silent phase usually means, from ai-toolkit's start-up and sampling messages. */
function phaseAdvice(phase: string | null, detail: string | null): string | null {
  if (phase === 'loading')
    return `${detail ?? 'Loading'} with no output: a model download or load that stalls (a slow or stuck Hugging Face download, a full disk, not enough RAM to load it). Check the pod's network and free space (lorapilot pod doctor) and its RAM (free -g); relaunch if nothing moves.`;
  if (phase === 'sampling')
    return `${detail ?? 'Sampling'} for this long: sample generation that never ends is usually too many sample.prompts or sample.sample_steps at a large size on a slow or offloaded (low_vram) model. Lower them, or set train.skip_first_sample / train.disable_sampling.`;
  return null;
}

export interface StallWatch {
  target: Target;
  run: { pid: string; exitCode: string };
  stallMs: number;
  /** When the log last grew, and the offset reached then. */
  lastGrowth: () => { at: number; offset: number };
  phase?: () => { phase: string | null; detail: string | null };
  /** Read nvidia-smi on the target (SSH pods); off: GPU unknown. */
  gpu: boolean;
  signal: AbortSignal;
  onStall: (f: RedFlag) => void;
}

/** Check every quarter of the stall time (at most every 30 s); one flag per silence. */
export function watchStall(w: StallWatch): void {
  const every = Math.min(30_000, Math.max(50, w.stallMs / 4));
  let flaggedAt = -1;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    timer = null;
    if (w.signal.aborted) return;
    try {
      const g = w.lastGrowth();
      const idleMs = Date.now() - g.at;
      if (idleMs >= w.stallMs && flaggedAt !== g.at) {
        const st = await runState(w.target, w.run);
        if (st.state === 'exited' || st.state === 'vanished') return;
        if (st.state === 'running' && !w.signal.aborted) {
          flaggedAt = g.at;
          const gpu = w.gpu ? await readGpu(w.target, w.signal).catch(() => null) : null;
          const p = w.phase?.() ?? { phase: null, detail: null };
          w.onStall(stallFlag({ idleMs, offset: g.offset, phase: p.phase, phaseDetail: p.detail, gpu }));
        }
      }
    } catch {
      /* a failed probe (dropped connection) is tried again next time */
    }
    if (!w.signal.aborted) timer = setTimeout(() => void tick(), every);
  };
  timer = setTimeout(() => void tick(), every);
  w.signal.addEventListener('abort', () => timer && clearTimeout(timer), { once: true });
}
