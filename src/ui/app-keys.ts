import type { KeyBinding } from './keys.js';

/** Keys of the open help overlay (it owns the keyboard while open). */
export const HELP_BINDINGS: KeyBinding[] = [
  { id: 'help.close', keys: ['?', 'q', 'esc'], label: 'close help', group: 'Help' },
  { id: 'help.up', keys: ['up', 'k'], label: 'scroll', group: 'Help' },
  { id: 'help.down', keys: ['down', 'j'], label: 'scroll', group: 'Help', helpOnly: true },
  { id: 'help.pageUp', keys: ['pageup'], label: 'page', group: 'Help', helpOnly: true },
  { id: 'help.pageDown', keys: ['pagedown', 'space'], label: 'page', group: 'Help' },
  { id: 'help.home', keys: ['home', 'g'], label: 'top', group: 'Help', helpOnly: true },
  { id: 'help.end', keys: ['end', 'G'], label: 'bottom', group: 'Help', helpOnly: true },
];
