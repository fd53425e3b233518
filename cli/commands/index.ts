import type { Command } from '../command.ts';

/** Every `snowline` sub-command, in the order `snowline --help` lists them. */
export const commands: readonly Command[] = [];
