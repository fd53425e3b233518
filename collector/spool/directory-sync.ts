import { open } from 'node:fs/promises';

/**
 * fsyncs a directory, so that a file created, renamed or removed in it survives a power cut: fsync on the file
 * itself makes its bytes durable, not its directory entry.
 */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
