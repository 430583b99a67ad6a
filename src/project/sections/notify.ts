import { z } from 'zod';

/** Where word of a finished, failed or troubled run goes when nobody watches the terminal. */
export const notifySection = z
  .object({
    /** An ntfy topic; the server defaults to https://ntfy.sh. The topic name is the secret: pick a long one. */
    ntfy: z.object({ server: z.string().url().optional(), topic: z.string().min(1) }).strict().optional(),
    /** A webhook taking a JSON body: generic ({event, title, message}), Discord ({content}) or Slack ({text}). */
    webhook: z.object({ url: z.string().url(), format: z.enum(['json', 'discord', 'slack']).default('json') }).strict().optional(),
    /** Red flags (not just the run's end) are sent too. */
    redFlags: z.boolean().default(true),
  })
  .strict();
export type NotifySection = z.infer<typeof notifySection>;
