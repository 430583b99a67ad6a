/** Poll until `check` returns a truthy value; fails with the last observed state on timeout. */
export async function waitFor<T>(check: () => T | Promise<T>, { timeout = 10_000, interval = 20, describe }: { timeout?: number; interval?: number; describe?: () => string } = {}): Promise<NonNullable<T>> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeout) {
      throw new Error(`waitFor timed out after ${timeout} ms${describe ? `\n--- state ---\n${describe()}` : ''}${last instanceof Error ? `\nlast error: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
