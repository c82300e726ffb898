import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { DataDirLockedError } from '../../server/db/lock';

/**
 * server/db/lock.ts through openDatabase: PGlite's data directory belongs to one open database at
 * a time. A second open (this process or another) must fail with an error that says the directory
 * is in use and what to do; close() releases it; a lock left by a dead process is taken over.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLIENT = path.join(ROOT, 'server/db/client.ts');

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-lock-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dataDir: string): Promise<Database> {
  const db = await openDatabase({ dataDir });
  cleanups.push(() => db.close()); // close() is idempotent enough to run again after a test closed it
  return db;
}

/** What a second open should say: that the directory is in use, and what to do about it. */
const IN_USE = /in use/i;
const WHAT_TO_DO = /stop .*server|another DATA_DIR|DATABASE_URL/i;

/** Expects openDatabase(dataDir) to be refused; closes the database if it was opened anyway. */
async function expectRefused(dataDir: string): Promise<Error> {
  let opened: Database | undefined;
  let error: unknown;
  const lockFile = path.join(dataDir, lockFileName);
  const owner = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8').trim() : undefined;
  try {
    opened = await openDatabase({ dataDir });
  } catch (err) {
    error = err;
  }
  // Closing a wrongly opened second handle would also delete the first one's lock file, so the
  // rest of the test would run on a broken premise: stop here with the finding instead.
  if (opened) {
    await opened.close();
    expect.fail(
      `openDatabase opened ${dataDir} a second time while it was in use` +
        (owner === String(process.pid)
          ? ' (the lock file holds this process\'s own pid, which lockDataDir treats as stale and takes over)'
          : ''),
    );
  }
  expect(error).toBeInstanceOf(DataDirLockedError);
  const message = (error as Error).message;
  expect(message).toMatch(IN_USE);
  expect(message).toMatch(WHAT_TO_DO);
  return error as Error;
}

let lockFileName: string;

beforeAll(async () => {
  // The lock file is whatever openDatabase adds next to PGlite's own directory.
  const dir = tempDir();
  const db = await openDatabase({ dataDir: dir });
  try {
    const added = fs.readdirSync(dir).filter((f) => f !== 'pglite');
    expect(added, 'files openDatabase puts in DATA_DIR besides pglite/').toHaveLength(1);
    lockFileName = added[0]!;
  } finally {
    await db.close();
  }
});

describe('DATA_DIR lock (PGlite)', () => {
  it('refuses a second openDatabase on the same dataDir in the same process while the first is open', async () => {
    const dir = tempDir();
    const first = await open(dir);
    await expectRefused(dir);
    // The first handle and its lock are untouched.
    expect(await first.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    expect(fs.readFileSync(path.join(dir, lockFileName), 'utf8').trim()).toBe(String(process.pid));
  });

  it('opens again after close(), and close() removes the lock file', async () => {
    const dir = tempDir();
    const first = await open(dir);
    await first.exec('CREATE TABLE kept (v INTEGER); INSERT INTO kept VALUES (42);');
    await first.close();
    expect(fs.existsSync(path.join(dir, lockFileName))).toBe(false);

    const again = await open(dir);
    expect(await again.query('SELECT v FROM kept')).toEqual([{ v: 42 }]);
    await again.close();
  });

  it('refuses while another process has the dataDir open, naming its pid, and opens once it closed', async () => {
    const dir = tempDir();
    const child = await openInChild(dir);
    const error = await expectRefused(dir);
    expect(error.message).toContain(`pid ${child.pid}`);

    await child.close();
    const db = await open(dir);
    expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await db.close();
  }, 60_000);

  it('takes over a stale lock file left by a dead process', async () => {
    const dir = tempDir();
    const deadPid = await pidOfExitedProcess();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, lockFileName), String(deadPid));

    const db = await open(dir);
    expect(fs.readFileSync(path.join(dir, lockFileName), 'utf8').trim()).toBe(String(process.pid));
    expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await db.close();
    expect(fs.existsSync(path.join(dir, lockFileName))).toBe(false);
  });
});

/** The pid of a process that has exited (and so holds nothing). */
function pidOfExitedProcess(): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', '']);
    p.on('error', reject);
    p.on('exit', () => resolve(p.pid!));
  });
}

/** Another process that opens dataDir through openDatabase and holds it until close(). */
async function openInChild(dataDir: string): Promise<{ pid: number; close(): Promise<void> }> {
  const script = path.join(tempDir(), 'hold.mts');
  fs.writeFileSync(
    script,
    `import { openDatabase } from ${JSON.stringify(CLIENT)};
const db = await openDatabase({ dataDir: process.argv[2] });
process.stdout.write('ready\\n');
process.stdin.resume();
process.stdin.on('end', async () => { await db.close(); process.exit(0); });
`,
  );
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not open ${dataDir} in 30s:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code} before opening ${dataDir}:\n${stderr}`));
    });
  });
  return {
    pid: child.pid!,
    async close() {
      child.stdin!.end();
      await exited;
      expect(child.exitCode, stderr).toBe(0);
    },
  };
}
