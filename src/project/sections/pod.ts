import { z } from 'zod';

/** Where the project trains. `host` is a ~/.ssh/config alias or user@host:port. */
export const podSection = z
  .object({
    target: z.enum(['ssh', 'local']).default('ssh'),
    host: z.string().min(1).optional(),
    identity: z.string().min(1).optional(),
    /** ai-toolkit checkout on the target; found by `pod doctor` when unset. */
    aiToolkit: z.string().min(1).optional(),
    /** Persistent root for datasets, configs and runs (RunPod keeps only /workspace across stops). */
    root: z.string().min(1).default('/workspace/lorapilot'),
    stopPodWhenDone: z.boolean().default(false),
    /** Minutes a running trainer's log may stay silent before monitor and attach flag a stall (default 10). */
    stallMinutes: z.number().positive().max(1440).optional(),
  })
  .strict();
export type PodSection = z.infer<typeof podSection>;
