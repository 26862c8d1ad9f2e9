// The few strings the launcher shows before the panel script has loaded. Only these are checked on every page, so
// a string added for the panel costs the launcher nothing.
import type { MessageKey } from "./messages";

export const LAUNCHER_KEYS = ["locale", "launcher", "title", "close", "loading", "loadFailed", "retry"] as const satisfies readonly MessageKey[];

export type LauncherStrings = Record<(typeof LAUNCHER_KEYS)[number], string>;
