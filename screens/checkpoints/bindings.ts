import type { KeyBinding } from '../../src/ui/keys.js';

/** What the Checkpoints screen is showing below its table; `note` is typing the note of a choice. */
export type Mode = 'browse' | 'compare' | 'score' | 'rank' | 'findings' | 'note' | 'grid' | 'view';

const B = (id: string, keys: string[], label: string, description: string, enabled: boolean, extra: Partial<KeyBinding> = {}): KeyBinding => ({ id, keys, label, description, enabled, group: 'Checkpoints', ...extra });

/** The screen's keys in each mode: they drive dispatch, the footer and the help overlay. */
export function checkpointBindings(mode: Mode, downloading: boolean): KeyBinding[] {
  const browse = mode === 'browse';
  const moving = browse || mode === 'compare' || mode === 'rank' || mode === 'findings' || mode === 'grid';
  const prompts = browse || mode === 'compare' || mode === 'grid' || mode === 'view';
  return [
    B('cp.up', ['up'], 'checkpoint', 'Previous checkpoint', moving, { group: 'Move' }),
    B('cp.down', ['down'], 'checkpoint', 'Next checkpoint', moving, { helpOnly: true, group: 'Move' }),
    B('cp.prev', ['left'], 'prompt', 'Previous sample prompt', prompts, { group: 'Move' }),
    B('cp.next', ['right'], 'prompt', 'Next sample prompt', prompts, { helpOnly: true, group: 'Move' }),
    B('cp.mark', ['space'], 'mark', 'Mark or unmark the checkpoint as a candidate', browse, { group: 'Choose' }),
    B('cp.compare', ['enter'], 'compare', 'Compare two marked checkpoints prompt by prompt', browse, { group: 'Choose' }),
    B('cp.download', ['d'], 'download', 'Download the marked checkpoints into loras/ (resumable)', browse && !downloading, { group: 'Choose' }),
    B('cp.cancel', ['x'], 'stop download', 'Stop the downloads (run d again to resume)', downloading, { group: 'Choose' }),
    B('cp.choose', ['b'], 'choose', 'Record this checkpoint as the chosen one, with a note', browse, { group: 'Choose' }),
    B('cp.score', ['s'], 'score', 'Score this checkpoint on the testing checklist (1–5)', browse, { group: 'View' }),
    B('cp.rank', ['r'], 'ranking', 'Ranked summary of the scored checkpoints', browse, { group: 'View' }),
    B('cp.plan', ['p'], 'test plan', 'Write the ComfyUI test plan for the chosen and marked checkpoints', browse, { group: 'View' }),
    B('cp.findings', ['f'], 'findings', 'Problems found with the files', browse, { group: 'View' }),
    B('cp.refresh', ['u'], 'refresh', 'List the checkpoints again', browse, { helpOnly: true, group: 'View' }),
    B('cp.view', ['z'], 'view', 'Show the focused sample full screen with its prompt, seed and step', browse || mode === 'compare' || mode === 'grid', { group: 'View' }),
    B('cp.grid', ['g'], mode === 'grid' ? 'strip' : 'grid', 'Grid of every checkpoint × prompt, or back to one checkpoint', browse || mode === 'grid', { group: 'View' }),
    B('sc.up', ['up'], 'criterion', 'Previous criterion', mode === 'score', { group: 'Score' }),
    B('sc.down', ['down', 'tab'], 'criterion', 'Next criterion', mode === 'score', { helpOnly: true, group: 'Score' }),
    B('sc.set', ['1', '5', '2', '3', '4'], 'score', 'Give the criterion a score from 1 to 5', mode === 'score', { group: 'Score' }),
    B('sc.clear', ['backspace', 'delete'], 'clear', 'Clear the score', mode === 'score', { group: 'Score' }),
    B('note.save', ['enter'], 'save', 'Record the choice with this note', mode === 'note', { group: 'Note' }),
    B('note.erase', ['backspace', 'delete'], 'erase', 'Erase a character', mode === 'note', { helpOnly: true, group: 'Note' }),
    B('pane.back', ['esc'], 'back', 'Back to the table', !browse, { group: 'View' }),
  ];
}
