import type { SessionDeps } from './session.js';

/**
 * How the checkpoints layer reaches the rest of the app: the SSH opener (remote layer) and the loss
 * series (training layer). One place, used by the command and the screen alike.
 */
export function checkpointDeps(): SessionDeps {
  return {};
}
