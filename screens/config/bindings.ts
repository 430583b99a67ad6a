import type { KeyBinding } from '../../src/ui/keys.js';

export const BINDINGS_BASE: KeyBinding[] = [
  { id: 'config.save', keys: ['s'], label: 'save', description: 'Write the config file and record the choices in lorapilot.yaml', group: 'Config' },
  { id: 'config.less', keys: ['left', 'h'], label: 'change', description: 'Lower the value of the selected field', group: 'Config' },
  { id: 'config.more', keys: ['right', 'l'], label: 'change', description: 'Raise the value of the selected field', group: 'Config', helpOnly: true },
  { id: 'config.up', keys: ['up', 'k'], label: 'move', description: 'Previous field (or scroll / previous symptom in the right pane)', group: 'Config' },
  { id: 'config.down', keys: ['down', 'j'], label: 'move', description: 'Next field (or scroll / next symptom in the right pane)', group: 'Config', helpOnly: true },
  { id: 'config.tune', keys: ['t'], label: 'tune', description: 'Tuning advice: pick what the samples show', group: 'Views' },
  { id: 'config.apply', keys: ['enter'], label: 'apply advice', description: 'Apply the config part of the selected advice (Tune view)', group: 'Config' },
  { id: 'config.lint', keys: ['f'], label: 'findings', description: 'Show lint findings of the YAML', group: 'Views' },
  { id: 'config.yaml', keys: ['y'], label: 'yaml', description: 'Show the YAML that will be written', group: 'Views' },
  { id: 'config.math', keys: ['m'], label: 'math', description: 'Show the step math and both readings of "epoch"', group: 'Views' },
  { id: 'config.lengthMode', keys: ['e'], label: 'epochs/steps', description: 'Switch the run length between epochs and steps', group: 'Config' },
  { id: 'config.focus', keys: ['tab'], label: 'pane', description: 'Move focus between the choices and the right pane', group: 'Config' },
  { id: 'config.edit', keys: ['enter'], label: 'type value', description: 'Type a value for the selected field (e.g. 3400 steps, 8 epochs, 1e-4, 512,1024)', group: 'Config' },
  { id: 'config.pageUp', keys: ['pageup'], label: 'scroll', description: 'Scroll the right pane up', group: 'Views', helpOnly: true },
  { id: 'config.pageDown', keys: ['pagedown'], label: 'scroll', description: 'Scroll the right pane down', group: 'Views', helpOnly: true },
];

export const EDIT_BINDINGS: KeyBinding[] = [
  { id: 'edit.commit', keys: ['enter'], label: 'set', description: 'Set the typed value', group: 'Typing a value' },
  { id: 'edit.cancel', keys: ['esc'], label: 'cancel', description: 'Keep the old value', group: 'Typing a value' },
  { id: 'edit.erase', keys: ['backspace', 'delete'], label: 'erase', description: 'Erase the last character', group: 'Typing a value' },
  { id: 'edit.unit', keys: ['tab'], label: 'steps/epochs', description: 'Read the typed length in steps or in ai-toolkit epochs (the unit shown after the value)', group: 'Typing a value' },
];

export const LONG_RUN_BINDINGS: KeyBinding[] = [
  { id: 'long.yes', keys: ['y'], label: 'train that long', description: 'Set this run length', group: 'Long run?' },
  { id: 'long.no', keys: ['n', 'esc'], label: 'change it', description: 'Back to typing the length', group: 'Long run?' },
];

/** The base bindings with what the current view allows: apply in the Tune view, typing on a typed field. */
export function bindingsFor(view: { editing: boolean; tune: boolean; typedField: boolean; lengthField?: boolean; confirming?: boolean }): KeyBinding[] {
  if (view.confirming) return LONG_RUN_BINDINGS;
  if (view.editing) return EDIT_BINDINGS.map((b) => (b.id === 'edit.unit' ? { ...b, enabled: view.lengthField === true } : b));
  return BINDINGS_BASE.map((b) => (b.id === 'config.apply' ? { ...b, enabled: view.tune } : b.id === 'config.edit' ? { ...b, enabled: view.typedField } : b));
}
