import type { ConfigSection } from '../project/sections/config.js';

/**
 * New choices over the recorded ones (`lorapilot config build --rank 32 …`): what the user gives now
 * wins, and it carries along what depends on it, as stepping a value on the Config screen does.
 */
export function withOverrides(recorded: ConfigSection, overrides: ConfigSection): ConfigSection {
  const base: ConfigSection = { ...recorded };
  // A new choice of length replaces the other one.
  if (overrides.epochs !== undefined) delete base.steps;
  if (overrides.steps !== undefined) delete base.epochs;
  // Alpha that followed the rank keeps following it.
  if (overrides.rank !== undefined && overrides.alpha === undefined && base.alpha === base.rank) delete base.alpha;
  if (overrides.preset !== undefined && overrides.preset !== base.preset) {
    // A new model brings its own recommended rank and lr unless given now.
    delete base.rank;
    delete base.alpha;
    delete base.lr;
  }
  return base;
}
