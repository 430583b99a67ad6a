import { z } from 'zod';
import { TargetError } from './target.js';

/** What every command that talks to a target prints with --json when it fails: the code, the message, what to do. */
export const targetErrorJson = z.strictObject({
  ok: z.literal(false),
  error: z.strictObject({ code: z.string(), message: z.string(), hint: z.string().nullable() }),
});
export type TargetErrorJson = z.infer<typeof targetErrorJson>;

export function targetErrorJsonOf(e: TargetError | { code: string; message: string; hint?: string }): TargetErrorJson {
  return { ok: false, error: { code: e.code, message: e.message, hint: e.hint ?? null } };
}
