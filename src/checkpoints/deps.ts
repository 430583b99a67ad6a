import { lossFromRunLog } from './loss.js';
import type { SessionDeps } from './session.js';

/**
 * How the checkpoints layer reaches the rest of the app: the pod connection (remote layer) and the
 * loss series (training layer). One place, used by the command and the screen alike.
 */
export function checkpointDeps(env: NodeJS.ProcessEnv = process.env): SessionDeps {
  return {
    lossProvider: lossFromRunLog,
    sshOpener: async (project, source) => {
      // Loaded on demand: a local project never pays for (or depends on) the SSH stack.
      const { openRunTarget } = await import('../pod/run-target.js');
      return openRunTarget(project, { jobHost: source.host, env });
    },
  };
}
