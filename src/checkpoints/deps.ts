import { lossFromRunLog } from './loss.js';
import type { SessionDeps } from './session.js';

/**
 * How the checkpoints layer reaches the rest of the app: the SSH opener (remote layer) and the loss
 * series (training layer). One place, used by the command and the screen alike.
 */
export function checkpointDeps(env: NodeJS.ProcessEnv = process.env): SessionDeps {
  return {
    lossProvider: lossFromRunLog,
    sshOpener: async (project, source) => {
      // Loaded on demand: a local project never pays for (or depends on) the SSH stack.
      const { SshTarget } = await import('../remote/ssh-target.js');
      // The pod's ~/.ssh/config alias when there is one (it carries the key and port), else the job's label.
      const spec = project.pod?.host ?? source.host;
      const target = new SshTarget({ spec, identity: project.pod?.identity, env, reconnect: { maxAttempts: 3 } });
      await target.connect();
      return target;
    },
  };
}
