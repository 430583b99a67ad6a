import { z } from 'zod';

/**
 * The RunPod pod this project rents, as `lorapilot pod create` recorded it. The API key is never here:
 * it comes from RUNPOD_API_KEY or runpodctl's config file.
 */
export const runpodSection = z
  .object({
    /** The API's base URL (tests, proxies); RUNPOD_API_URL wins over it. */
    apiUrl: z.string().url().optional(),
    podId: z.string().min(1).optional(),
    gpu: z.string().min(1).optional(),
    cloud: z.enum(['SECURE', 'COMMUNITY']).optional(),
    /** Price per hour as the API gave it when the pod was created or last started. */
    costPerHr: z.number().nonnegative().optional(),
    /** When the pod last started running (billing since). */
    since: z.string().optional(),
    /** The user SSH logs in as (RunPod images: root). */
    sshUser: z.string().min(1).optional(),
    /** Stop the pod through the API when a run ends (default: on while an API key is present). */
    stopWhenDone: z.boolean().optional(),
  })
  .strict();
export type RunpodSection = z.infer<typeof runpodSection>;
