/** Why a Hub download failed, in words a user can act on; never with the token in it. */
export type HubErrorKind = 'auth' | 'not-found' | 'unreachable' | 'protocol' | 'interrupted';

export class HubError extends Error {
  constructor(readonly kind: HubErrorKind, message: string) {
    super(message);
    this.name = 'HubError';
  }
}

export function authError(repo: string, status: number, endpoint: string, hasToken: boolean): HubError {
  return new HubError('auth', hasToken
    ? `${repo}: the Hub refused the token in HF_TOKEN (${status}): it may lack access to this repo — accept its terms at ${endpoint}/${repo} with the token's account`
    : `${repo} needs a Hugging Face login (${status}: gated or private): accept its terms at ${endpoint}/${repo}, then set HF_TOKEN to a read token`);
}

/** A network failure before any answer: the endpoint, and the system's reason (ECONNREFUSED, ENOTFOUND …). */
export function unreachableError(endpoint: string, cause: unknown): HubError {
  const c = cause as { cause?: { code?: string; message?: string }; code?: string; message?: string } | undefined;
  const reason = c?.cause?.code ?? c?.code ?? c?.cause?.message ?? c?.message ?? 'no answer';
  return new HubError('unreachable', `cannot reach the Hugging Face Hub at ${endpoint} (${reason}): check the network connection, or HF_ENDPOINT if you use a mirror`);
}
