// Options that take one value or a list of them (global contexts, filter classes) read through one helper.

/** One value or a list of them, as a list. */
export const list = <T>(value: T | T[]): T[] => [value].flat() as T[];
