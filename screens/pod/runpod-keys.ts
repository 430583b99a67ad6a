import type { KeyBinding } from '../../src/ui/keys.js';
import type { RunpodController, RunpodSnapshot } from '../../src/pod/runpod-controller.js';

/**
 * The Pod screen's RunPod keys: while a question is open (create, terminate, a new pod's host key) only
 * its answers; otherwise the actions, each enabled when it makes sense for the project's pod.
 */
export function runpodBindings(r: RunpodSnapshot | null, idle: boolean): { only: boolean; bindings: KeyBinding[] } {
  if (r?.hostKeyPrompt) return { only: true, bindings: [{ id: 'rp.key.yes', keys: ['y'], label: 'trust key' }, { id: 'rp.key.no', keys: ['n', 'esc'], label: 'refuse' }] };
  if (r?.createAsk) return { only: true, bindings: [{ id: 'rp.create.yes', keys: ['y', 'enter'], label: 'rent it' }, { id: 'rp.create.no', keys: ['n', 'esc'], label: 'cancel' }] };
  if (r?.terminateAsk) return { only: true, bindings: [{ id: 'rp.term.yes', keys: ['y'], label: 'terminate' }, { id: 'rp.term.no', keys: ['n', 'esc'], label: 'keep it' }] };
  if (!idle) return { only: false, bindings: [] };
  const busy = !!r?.busy;
  const has = !!r?.podId;
  return {
    only: false,
    bindings: [
      { id: 'rp.create', keys: ['N'], label: 'new RunPod pod', enabled: !busy && !has, description: 'Rent an L40S pod through RunPod\'s API (asks first), wait for SSH, run the doctor' },
      { id: 'rp.stop', keys: ['S'], label: 'stop pod', enabled: !busy && has, description: 'Stop the RunPod pod: the GPU stops billing, /workspace stays' },
      { id: 'rp.start', keys: ['B'], label: 'start pod', enabled: !busy && has, description: 'Start the stopped RunPod pod again' },
      { id: 'rp.terminate', keys: ['X'], label: 'terminate pod', enabled: !busy && has, description: 'Delete the RunPod pod (asks first, says what is lost)' },
    ],
  };
}

export function runpodHandlers(c: RunpodController | null, after: (p: Promise<unknown> | undefined) => void): Record<string, () => void> {
  return {
    'rp.key.yes': () => c?.answerHostKey(true),
    'rp.key.no': () => c?.answerHostKey(false),
    'rp.create': () => c?.askCreate(),
    'rp.create.yes': () => after(c?.confirmCreate(true)),
    'rp.create.no': () => after(c?.confirmCreate(false)),
    'rp.term.yes': () => after(c?.confirmTerminate(true)),
    'rp.term.no': () => after(c?.confirmTerminate(false)),
    'rp.stop': () => after(c?.stop()),
    'rp.start': () => after(c?.start()),
    'rp.terminate': () => after(c?.askTerminate()),
  };
}
