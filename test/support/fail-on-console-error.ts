// An unexpected console.error is a bug the test did not assert on: fail the test that caused it.
import { afterEach, vi } from "vitest";

const errors: unknown[][] = [];
const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  errors.push(args);
});

afterEach(() => {
  if (errors.length === 0) return;
  const messages = errors.splice(0).map((args) => args.map(String).join(" "));
  throw new Error(`console.error was called:\n${messages.join("\n")}`);
});

export { spy as consoleErrorSpy };
