// Waits for what a test cannot be told about, only see: a server process's queue, its /metrics, rows another process
// writes. Reads again every 100 ms until `done` holds, and fails naming `what` (with the last value read) when it
// has not within `timeoutMs`.
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `until` for a check that answers true or false. */
export async function untilTrue(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  await until(what, check, (holds) => holds, timeoutMs);
}
