import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite belongs to one process: two servers writing the same data directory would corrupt it.
 * A lock file holds the owner's pid; a lock left by a dead process (crash, SIGKILL) is taken over.
 */

export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Directories this process holds: its own pid in a lock file is not proof of a stale lock. */
const held = new Set<string>();

export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'avatar-pulse.lock');
  if (held.has(file))
    throw new DataDirLockedError(
      `DATA_DIR ${dataDir} is in use: this process has already opened it. Close that database first, or choose another DATA_DIR.`,
    );
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      held.add(file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(file);
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      // A lock with our own pid was left by an earlier process that had the same pid (containers).
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))
        throw new DataDirLockedError(
          `DATA_DIR ${dataDir} is in use by another Avatar Pulse server (pid ${owner}). ` +
            'The embedded database belongs to one process: stop that server, choose another DATA_DIR, ' +
            'or set DATABASE_URL to share a PostgreSQL database between servers.',
        );
      fs.rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new DataDirLockedError(`could not lock DATA_DIR ${dataDir}`);
}
