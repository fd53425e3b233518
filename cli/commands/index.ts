import type { Command } from '../command.ts';
import { collectorCommand } from './collector.ts';
import { luaCommand } from './lua.ts';
import { microCommand } from './micro.ts';
import { pixelCommand } from './pixel.ts';
import { queryCommand } from './query.ts';
import { sqlCommand } from './sql.ts';
import { startCommand } from './start.ts';

/** Every `snowline` sub-command, in the order `snowline --help` lists them. */
export const commands: readonly Command[] = [startCommand, queryCommand, sqlCommand, microCommand, collectorCommand, luaCommand, pixelCommand];
