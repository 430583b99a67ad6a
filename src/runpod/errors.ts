/**
 * What can go wrong talking to RunPod, as values every face turns into a sentence and a next step.
 * Messages never hold the API key: the client redacts it before an error is built.
 */
export type RunpodErrorKind = 'no-key' | 'not-ready' | 'unauthorized' | 'no-capacity' | 'unreachable' | 'not-found' | 'rejected' | 'bad-reply';

export class RunpodError extends Error {
  constructor(
    readonly kind: RunpodErrorKind,
    message: string,
    readonly hint?: string,
    /** For no-capacity: GPU types the catalog lists as available now. */
    readonly alternatives: string[] = [],
  ) {
    super(message);
    this.name = 'RunpodError';
  }
}

/** Replace every occurrence of a secret in a text (an error body can echo a header back). */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}
