import { z } from 'zod';

/** The launched run, so that any terminal can re-attach to it later. */
export const jobSection = z
  .object({
    /** Target label the run was launched on (`root@1.2.3.4:22041`, `local`). */
    host: z.string(),
    /** Job folder on the target: config, run log, pid and exit-code files. */
    folder: z.string(),
    name: z.string(),
    config: z.string(),
    log: z.string(),
    pid: z.number().int().positive().optional(),
    /** Bytes of the run log already consumed by the monitor. */
    offset: z.number().int().nonnegative().default(0),
    /** ai-toolkit's training folder for this job (checkpoints, samples, loss_log.db). */
    output: z.string().optional(),
    startedAt: z.string().optional(),
    rehearsal: z.boolean().default(false),
    /** The run was launched to stop its RunPod pod when it ends (lorapilot and the runner both do). */
    stopPod: z.boolean().optional(),
    /** The runner on the pod sends the run's end to the notification targets itself. */
    runnerNotifies: z.boolean().optional(),
  })
  .strict();
export type JobSection = z.infer<typeof jobSection>;
