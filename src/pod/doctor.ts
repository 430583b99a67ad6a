import { posix } from 'node:path';
import { z } from 'zod';
import { sh, type Raw } from '../remote/shell.js';
import type { Target } from '../remote/target.js';

/**
 * `pod doctor`: everything that can sink a paid run before it starts, checked in one round trip.
 * Facts: the official template keeps ai-toolkit in /app/ai-toolkit, only /workspace survives a pod stop,
 * the image needs driver ≥ 580 (reference/ai-toolkit.md §9).
 */

export type CheckStatus = 'ok' | 'warn' | 'fail';

export const doctorCheck = z.object({
  id: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'warn', 'fail']),
  detail: z.string(),
  fix: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof doctorCheck>;

export interface DoctorFacts {
  gpus: Array<{ name: string; totalMiB: number; freeMiB: number; driver: string }>;
  nvidiaSmi: boolean;
  disks: Array<{ path: string; availKiB: number; totalKiB: number }>;
  aiToolkits: Array<{ dir: string; version: string | null; commit: string | null; python: string | null; pythonVersion: string | null; venv: boolean }>;
  python3: string | null;
  hfCache: { path: string; cached: boolean } | null;
  remoteHfToken: boolean;
  tools: Record<string, boolean>;
  runpodPodId: string | null;
}

export interface DoctorInput {
  /** Configured ai-toolkit folder (pod.aiToolkit), checked first. */
  aiToolkit?: string;
  /** `model.name_or_path` of the config. */
  model?: string | null;
  /** HF_TOKEN is set in the local environment (it is passed at launch). The value is never read here. */
  localHfToken: boolean;
  /** The run is a rehearsal (no GPU needed). */
  rehearsal?: boolean;
  stopPodWhenDone?: boolean;
}

export interface DoctorReport {
  target: string;
  checks: DoctorCheck[];
  /** The ai-toolkit folder to use, when one was found. */
  aiToolkit: string | null;
  python: string | null;
  summary: { ok: number; warn: number; fail: number };
}

/** Model ids that need an accepted licence and a token to download (Hugging Face gated repos). */
const GATED = [/^black-forest-labs\/FLUX\.1-dev/i, /^black-forest-labs\/FLUX\.1-Kontext/i, /^stabilityai\/stable-diffusion-3/i];

const PROBE = String.raw`
set +e
if command -v nvidia-smi >/dev/null 2>&1; then
  echo "nvsmi	yes"
  nvidia-smi --query-gpu=name,memory.total,memory.free,driver_version --format=csv,noheader,nounits 2>/dev/null | while IFS= read -r l; do echo "gpu	$l"; done
else echo "nvsmi	no"; fi
for d in /workspace /; do
  if [ -d "$d" ]; then df -Pk "$d" 2>/dev/null | awk -v d="$d" 'NR==2 {print "df\t" d "\t" $4 "\t" $2}'; fi
done
for d in "$1" /app/ai-toolkit /workspace/ai-toolkit "$HOME/ai-toolkit"; do
  [ -n "$d" ] && [ -f "$d/run.py" ] || continue
  v=$(sed -n 's/^VERSION *= *["'\'']\([^"'\'']*\)["'\''].*/\1/p' "$d/version.py" 2>/dev/null | head -1)
  c=$(git -C "$d" rev-parse --short HEAD 2>/dev/null)
  py=""; venv=no
  for p in "$d/venv/bin/python" "$d/.venv/bin/python"; do [ -x "$p" ] && { py="$p"; venv=yes; break; }; done
  [ -z "$py" ] && py=$(command -v python3 2>/dev/null)
  pv=$([ -n "$py" ] && "$py" --version 2>&1 | head -1)
  echo "aitk	$d	$v	$c	$py	$pv	$venv"
done
echo "python3	$(command -v python3 2>/dev/null)"
if [ -n "$2" ]; then
  hub="${"${"}HF_HUB_CACHE:-${"${"}HF_HOME:-$HOME/.cache/huggingface}/hub}"
  m="models--$(printf %s "$2" | sed 's#/#--#g')"
  if [ -d "$hub/$m/snapshots" ] && [ -n "$(ls -A "$hub/$m/snapshots" 2>/dev/null)" ]; then echo "hf	$hub/$m	yes"
  elif [ -e "$2" ]; then echo "hf	$2	yes"
  else echo "hf	$hub/$m	no"; fi
fi
[ -n "$HF_TOKEN" ] && echo "hftoken	yes" || echo "hftoken	no"
for t in setsid tmux git runpodctl; do command -v "$t" >/dev/null 2>&1 && echo "tool	$t	yes" || echo "tool	$t	no"; done
echo "runpod	$RUNPOD_POD_ID"
`;

export function doctorCommand(input: Pick<DoctorInput, 'aiToolkit' | 'model'>): Raw {
  return sh`sh -c ${PROBE} lorapilot-doctor ${input.aiToolkit ?? ''} ${input.model ?? ''}`;
}

export function parseDoctorOutput(out: string): DoctorFacts {
  const facts: DoctorFacts = { gpus: [], nvidiaSmi: false, disks: [], aiToolkits: [], python3: null, hfCache: null, remoteHfToken: false, tools: {}, runpodPodId: null };
  for (const line of out.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'nvsmi':
        facts.nvidiaSmi = f[1] === 'yes';
        break;
      case 'gpu': {
        const [name, total, free, driver] = (f[1] ?? '').split(',').map((s) => s.trim());
        if (name) facts.gpus.push({ name, totalMiB: Number(total) || 0, freeMiB: Number(free) || 0, driver: driver ?? '' });
        break;
      }
      case 'df':
        facts.disks.push({ path: f[1], availKiB: Number(f[2]) || 0, totalKiB: Number(f[3]) || 0 });
        break;
      case 'aitk':
        if (!facts.aiToolkits.some((a) => a.dir === f[1])) {
          facts.aiToolkits.push({ dir: f[1], version: f[2] || null, commit: f[3] || null, python: f[4] || null, pythonVersion: f[5] || null, venv: f[6] === 'yes' });
        }
        break;
      case 'python3':
        facts.python3 = f[1] || null;
        break;
      case 'hf':
        facts.hfCache = { path: f[1], cached: f[2] === 'yes' };
        break;
      case 'hftoken':
        facts.remoteHfToken = f[1] === 'yes';
        break;
      case 'tool':
        facts.tools[f[1]] = f[2] === 'yes';
        break;
      case 'runpod':
        facts.runpodPodId = f[1] || null;
        break;
    }
  }
  return facts;
}

const GiB = 1024 * 1024;

/** Pure: turn the probed facts into checks, each with the fix. */
export function evaluateDoctor(facts: DoctorFacts, input: DoctorInput): Omit<DoctorReport, 'target'> {
  const checks: DoctorCheck[] = [];
  const add = (c: DoctorCheck) => checks.push(c);
  const gpu = facts.gpus[0];
  if (!facts.nvidiaSmi || !gpu) {
    add({
      id: 'gpu',
      label: 'GPU',
      status: input.rehearsal ? 'warn' : 'fail',
      detail: facts.nvidiaSmi ? 'nvidia-smi found no GPU' : 'no NVIDIA GPU here (nvidia-smi is not installed)',
      fix: input.rehearsal ? 'a rehearsal run needs no GPU; real training needs a GPU pod (e.g. RunPod L40S)' : 'train on a GPU pod: lorapilot pod doctor root@<pod-ip>:<port>',
    });
  } else {
    const freeGiB = gpu.freeMiB / 1024;
    add({
      id: 'gpu',
      label: 'GPU',
      status: freeGiB < 20 ? 'warn' : 'ok',
      detail: `${gpu.name}, ${freeGiB.toFixed(1)} GiB of ${(gpu.totalMiB / 1024).toFixed(1)} GiB free${facts.gpus.length > 1 ? ` (+${facts.gpus.length - 1} more)` : ''}`,
      fix: freeGiB < 20 ? 'another process holds VRAM (see nvidia-smi); FLUX LoRA training wants ~24 GiB, or quantize and low_vram' : undefined,
    });
    const major = Number(gpu.driver.split('.')[0]);
    add({
      id: 'driver',
      label: 'Driver',
      status: major >= 580 ? 'ok' : 'warn',
      detail: `NVIDIA driver ${gpu.driver}`,
      fix: major >= 580 ? undefined : "ai-toolkit's current image (CUDA 13) needs driver ≥ 580; choose a pod with a newer driver or a CUDA 12 install",
    });
  }
  for (const d of facts.disks) {
    const avail = d.availKiB / GiB;
    const isWs = d.path === '/workspace';
    const min = isWs ? 40 : 15;
    add({
      id: isWs ? 'disk-workspace' : 'disk-container',
      label: isWs ? 'Disk /workspace' : 'Container disk',
      status: avail < min / 4 ? 'fail' : avail < min ? 'warn' : 'ok',
      detail: `${avail.toFixed(1)} GiB free of ${(d.totalKiB / GiB).toFixed(1)} GiB${isWs ? ' (persistent volume)' : ''}`,
      fix: avail < min ? (isWs ? 'model weights, latents and checkpoints need ~40 GiB: enlarge the volume' : 'the container disk is lost on stop; keep caches on /workspace (HF_HOME=/workspace/hf)') : undefined,
    });
  }
  if (!facts.disks.some((d) => d.path === '/workspace')) {
    add({ id: 'disk-workspace', label: 'Disk /workspace', status: 'warn', detail: 'no /workspace folder', fix: 'on RunPod only /workspace survives a pod stop; attach a volume, or set pod.root to a persistent folder' });
  }
  const preferred = facts.aiToolkits.find((a) => input.aiToolkit && a.dir === input.aiToolkit) ?? facts.aiToolkits[0];
  if (!preferred) {
    add({
      id: 'ai-toolkit',
      label: 'ai-toolkit',
      status: 'fail',
      detail: input.aiToolkit ? `not found in ${input.aiToolkit}, /app/ai-toolkit or /workspace/ai-toolkit` : 'not found in /app/ai-toolkit or /workspace/ai-toolkit',
      fix: 'install it into /workspace/ai-toolkit: lorapilot pod setup',
    });
  } else {
    const others = facts.aiToolkits.filter((a) => a !== preferred).map((a) => a.dir);
    add({
      id: 'ai-toolkit',
      label: 'ai-toolkit',
      status: input.aiToolkit && preferred.dir !== input.aiToolkit ? 'warn' : 'ok',
      detail: `${preferred.dir}${preferred.version ? ` v${preferred.version}` : ''}${preferred.commit ? ` (${preferred.commit})` : ''}${others.length ? `; also ${others.join(', ')}` : ''}`,
      fix: input.aiToolkit && preferred.dir !== input.aiToolkit ? `the configured ${input.aiToolkit} has no run.py; set pod.aiToolkit to ${preferred.dir}` : undefined,
    });
    add({
      id: 'python',
      label: 'Python',
      status: preferred.python ? (preferred.venv ? 'ok' : 'warn') : 'fail',
      detail: preferred.python ? `${preferred.pythonVersion ?? 'python'} at ${preferred.python}${preferred.venv ? ' (venv)' : ''}` : 'no python3',
      fix: preferred.python ? (preferred.venv ? undefined : `no venv in ${preferred.dir}: the system python must have ai-toolkit's requirements (the official image does)`) : 'install python3, then lorapilot pod setup',
    });
  }
  if (input.model) {
    const gated = GATED.some((re) => re.test(input.model ?? ''));
    add({
      id: 'weights',
      label: 'Model weights',
      status: facts.hfCache?.cached || input.rehearsal ? 'ok' : 'warn',
      detail: input.rehearsal ? 'a rehearsal run loads no weights' : facts.hfCache?.cached ? `${input.model} is in the Hugging Face cache` : `${input.model} is not cached yet: the first run downloads it (tens of GB for FLUX)`,
      fix: facts.hfCache?.cached || input.rehearsal ? undefined : 'point HF_HOME at /workspace so the download survives a pod stop',
    });
    const tokenOk = input.localHfToken || facts.remoteHfToken || input.rehearsal === true;
    add({
      id: 'hf-token',
      label: 'HF_TOKEN',
      status: tokenOk ? 'ok' : gated ? 'fail' : 'warn',
      detail: input.localHfToken ? 'set here; passed to the run in its environment only' : facts.remoteHfToken ? 'set on the pod' : input.rehearsal ? 'not needed for a rehearsal run' : 'not set',
      fix: tokenOk ? undefined : gated ? `${input.model} is gated: accept its licence on huggingface.co and export HF_TOKEN=hf_… before lorapilot train` : 'export HF_TOKEN=hf_… if the model needs it',
    });
  }
  const detach = facts.tools.setsid ? 'setsid' : facts.tools.tmux ? 'tmux' : null;
  add({
    id: 'detach',
    label: 'Detach',
    status: detach ? 'ok' : 'fail',
    detail: detach ? `${detach} keeps training alive when SSH drops${facts.tools.tmux && detach !== 'tmux' ? ' (tmux also present)' : ''}` : 'neither setsid nor tmux',
    fix: detach ? undefined : 'apt-get install -y util-linux tmux',
  });
  if (input.stopPodWhenDone) {
    const can = facts.tools.runpodctl && facts.runpodPodId;
    add({
      id: 'stop-pod',
      label: 'Stop pod when done',
      status: can ? 'ok' : 'warn',
      detail: can ? `runpodctl will stop pod ${facts.runpodPodId}` : !facts.tools.runpodctl ? 'runpodctl is not installed' : 'RUNPOD_POD_ID is not set',
      fix: can ? undefined : 'the pod cannot stop itself: lorapilot stops it through RunPod\'s API while it watches (lorapilot monitor), or stop it from the RunPod console',
    });
  }
  const summary = { ok: 0, warn: 0, fail: 0 };
  for (const c of checks) summary[c.status]++;
  return { checks, aiToolkit: preferred?.dir ?? null, python: preferred?.python ?? facts.python3, summary };
}

export async function runDoctor(target: Target, input: DoctorInput, signal?: AbortSignal): Promise<DoctorReport> {
  const r = await target.exec(doctorCommand(input), { signal });
  const facts = parseDoctorOutput(r.stdout);
  return { target: target.label, ...evaluateDoctor(facts, input) };
}

/**
 * `pod setup`: clone ai-toolkit into a persistent folder with its own venv, the install of the ai-toolkit README
 * and the users' guide: the CUDA build of PyTorch first (torch 2.7.0 / CUDA 12.6 unless one is already there), then
 * requirements.txt, then a CUDA check.
 */
export function setupCommand(dir = '/workspace/ai-toolkit'): Raw {
  const parent = posix.dirname(dir);
  return sh`set -e
mkdir -p ${parent}
if [ -f ${posix.join(dir, 'run.py')} ]; then echo "ai-toolkit is already in "${dir}; else git clone --progress https://github.com/ostris/ai-toolkit.git ${dir}; fi
cd ${dir}
git submodule update --init --recursive
[ -x venv/bin/python ] || python3 -m venv venv
. venv/bin/activate
python -m pip install --upgrade pip
python -c 'import torch' 2>/dev/null || python -m pip install --no-cache-dir --progress-bar off torch==2.7.0 torchvision==0.22.0 torchaudio==2.7.0 --index-url https://download.pytorch.org/whl/cu126
python -m pip install --progress-bar off -r requirements.txt
python -c 'import torch; print("CUDA available:", torch.cuda.is_available())'
echo "ai-toolkit installed in "${dir}`;
}
