// The one way mirrorsim writes a file. A whole file goes into a temporary sibling (`NAME.partial-PID`): every
// write is checked (a short write is finished or fails), the file is flushed to the device, and only a
// complete file is renamed to its name; on any failure the temporary file is removed and the name keeps what
// it held. An append (results.jsonl) is checked the same way and cut back to its last whole line on failure.
// Temporary files of a mirrorsim that died are removed the next time a file is written into their directory.
// Errors of the environment (full disk, read-only, a file in the way...) become one exit-2 WriteError.

import * as nodeFs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assert } from '../errors.js';
import type { TraceSink } from '../kernel/trace.js';
import { WriteError, writeErrorOf } from './write-error.js';

/** The file-system calls the writer makes (tests give one that fails or writes short). */
export type FileSystem = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync'
  | 'rmSync' | 'mkdirSync' | 'statSync' | 'accessSync' | 'readdirSync' | 'ftruncateSync' | 'fstatSync'>;

const NOT_WRITTEN = 'nothing was written under that name';
const TEMPORARY = /\.partial-(\d+)$/;

/** Temporary files this process has open: never stale, whatever their pid says. */
const openHere = new Set<string>();
/** Directories already rid of stale temporary files by this process. */
const cleaned = new Set<string>();

/** Writes all of `bytes`, however many calls the device needs; a write that takes nothing is a full device. */
export function writeAll(fs: FileSystem, descriptor: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = fs.writeSync(descriptor, bytes, offset, bytes.length - offset);
    assert(Number.isInteger(written) && written <= bytes.length - offset, `write returned ${written}`);
    if (written === 0) throw Object.assign(new Error('the device took no bytes'), { code: 'ENOSPC' });
    offset += written;
  }
}

/**
 * The directories to make for `directory` to exist, outermost first, and its nearest existing ancestor (or
 * itself); an error if a file stands where a directory is needed.
 */
function missingDirectories(
  directory: string,
  forPath: string,
  outcome: string,
  fs: FileSystem,
): { missing: string[]; existing: string } {
  const missing: string[] = [];
  let current = resolve(directory);
  for (let depth = 0; ; depth += 1) {
    assert(depth < 4096, `no existing ancestor of ${directory}`);
    let stats;
    try {
      stats = fs.statSync(current, { throwIfNoEntry: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw writeErrorOf(error, forPath, outcome, current);
    }
    if (stats !== undefined) {
      if (stats.isDirectory()) return { missing: missing.reverse(), existing: current };
      const code = current === resolve(directory) ? 'EEXIST' : 'ENOTDIR';
      throw writeErrorOf(Object.assign(new Error(code), { code }), forPath, outcome, current);
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) return { missing: missing.reverse(), existing: current };
    current = parent;
  }
}

function checkWritable(directory: string, forPath: string, outcome: string, fs: FileSystem): void {
  try {
    fs.accessSync(directory, nodeFs.constants.W_OK);
  } catch (error) {
    throw writeErrorOf(error, forPath, outcome, directory);
  }
}

/**
 * Whether files can be written into `directory` (made if need be), without making anything yet: a command
 * asks before a long run, so that a bad --report fails at once and leaves nothing behind.
 */
export function checkDirectory(directory: string, fs: FileSystem = nodeFs): void {
  const { existing } = missingDirectories(directory, directory, 'nothing was written there', fs);
  checkWritable(existing, directory, 'nothing was written there', fs);
}

/**
 * Makes `directory` (and its parents) if need be, checks it is writable and removes stale temporary files of
 * ours in it. Errors name `forPath` (the file about to be written, or the directory itself).
 */
export function prepareDirectory(directory: string, forPath = directory, fs: FileSystem = nodeFs): void {
  const outcome = forPath === directory ? 'nothing was written there' : NOT_WRITTEN;
  for (const path of missingDirectories(directory, forPath, outcome, fs).missing) {
    try {
      fs.mkdirSync(path);
    } catch (error) {
      const raced = (error as NodeJS.ErrnoException).code === 'EEXIST'
        && fs.statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
      if (!raced) throw writeErrorOf(error, forPath, outcome, path);
    }
  }
  checkWritable(directory, forPath, outcome, fs);
  removeStaleTemporaries(resolve(directory), fs);
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `NAME.partial-PID` files whose writer is gone (or is this process, which does not have them open). */
function removeStaleTemporaries(directory: string, fs: FileSystem): void {
  if (cleaned.has(directory)) return;
  cleaned.add(directory);
  let names: string[];
  try {
    names = fs.readdirSync(directory).map(String).sort();
  } catch {
    return; // the writes that follow will say what is wrong with the directory
  }
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (match === null) continue;
    const path = join(directory, name);
    const pid = Number(match[1]);
    if (openHere.has(path) || (pid !== process.pid && isRunning(pid))) continue;
    try {
      if (fs.statSync(path, { throwIfNoEntry: false })?.isFile() === true) fs.rmSync(path, { force: true });
    } catch {
      // Left for a later run: a stale file we cannot remove harms nothing.
    }
  }
}

/** Forgets which directories were cleaned (for tests that make stale files between writes). */
export function forgetCleanedDirectories(): void {
  cleaned.clear();
}

/** Flushes a directory so that a rename in it survives a crash; not every file system allows it. */
function syncDirectory(fs: FileSystem, directory: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(directory, 'r');
    fs.fsyncSync(descriptor);
  } catch {
    // Best effort: the file itself is complete and flushed.
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

export class AtomicFile implements TraceSink {
  readonly temporaryPath: string;
  private descriptor: number | undefined;
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private readonly fs: FileSystem;
  /** What a failure message says became of the file. */
  private readonly outcome: string;

  constructor(
    /** The final name (absolute or relative to the working directory). */
    readonly path: string,
    options: WriteOptions = {},
  ) {
    const fs = options.fs ?? nodeFs;
    this.fs = fs;
    this.outcome = options.outcome ?? NOT_WRITTEN;
    prepareDirectory(dirname(path), path, fs);
    if (fs.statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) {
      throw writeErrorOf(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), path, this.outcome);
    }
    this.temporaryPath = `${resolve(path)}.partial-${process.pid}`;
    assert(!openHere.has(this.temporaryPath), `${path} is already being written by this process`);
    try {
      this.descriptor = fs.openSync(this.temporaryPath, 'w');
    } catch (error) {
      throw writeErrorOf(error, path, this.outcome);
    }
    openHere.add(this.temporaryPath);
  }

  write(chunk: string): void {
    assert(this.state === 'open', `${this.path} is ${this.state}, not open for writing`);
    assert(this.descriptor !== undefined, `${this.path} has no descriptor`);
    try {
      writeAll(this.fs, this.descriptor, Buffer.from(chunk, 'utf8'));
    } catch (error) {
      this.abort();
      throw writeErrorOf(error, this.path, this.outcome);
    }
  }

  /** Flushes the complete file and gives it its name. */
  commit(): void {
    assert(this.state === 'open', `${this.path} is ${this.state}, not open to commit`);
    assert(this.descriptor !== undefined, `${this.path} has no descriptor`);
    try {
      this.fs.fsyncSync(this.descriptor);
      const descriptor = this.descriptor;
      this.descriptor = undefined;
      this.fs.closeSync(descriptor);
      this.fs.renameSync(this.temporaryPath, this.path);
    } catch (error) {
      this.abort();
      throw writeErrorOf(error, this.path, this.outcome);
    }
    this.state = 'committed';
    openHere.delete(this.temporaryPath);
    syncDirectory(this.fs, dirname(resolve(this.path)));
  }

  /** Drops the temporary file; the name keeps what it held. Safe to call more than once, never throws. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    try {
      if (this.descriptor !== undefined) this.fs.closeSync(this.descriptor);
    } catch {
      // The descriptor is gone either way.
    }
    this.descriptor = undefined;
    try {
      this.fs.rmSync(this.temporaryPath, { force: true });
    } catch {
      // Left behind: the next write into this directory removes it.
    }
    openHere.delete(this.temporaryPath);
  }
}

export interface WriteOptions {
  readonly fs?: FileSystem;
  /** What a failure message says became of the file (by default: it was not written). */
  readonly outcome?: string;
}

export function writeFileAtomically(path: string, text: string, options: WriteOptions = {}): void {
  const file = new AtomicFile(path, options);
  try {
    file.write(text);
    file.commit();
  } finally {
    file.abort();
  }
}

/**
 * A file that grows by whole lines (results.jsonl as a sweep runs): each append is checked, and one that
 * fails is cut off again, so the file ends with its last whole line and a resume can go on from there.
 */
export class AppendFile {
  private descriptor: number | undefined;
  private lengthBytes: number;

  constructor(
    readonly path: string,
    /** What the message says was kept when an append fails. */
    private readonly outcome: string,
    private readonly fs: FileSystem = nodeFs,
  ) {
    prepareDirectory(dirname(path), path, fs);
    try {
      this.descriptor = fs.openSync(path, 'a');
      this.lengthBytes = fs.fstatSync(this.descriptor).size;
    } catch (error) {
      this.close();
      throw writeErrorOf(error, path, outcome);
    }
  }

  /** Appends whole lines (text ending in a newline) or nothing. */
  append(text: string): void {
    assert(text.endsWith('\n'), 'an append is whole lines');
    assert(this.descriptor !== undefined, `${this.path} is closed`);
    const bytes = Buffer.from(text, 'utf8');
    try {
      writeAll(this.fs, this.descriptor, bytes);
    } catch (error) {
      try {
        this.fs.ftruncateSync(this.descriptor, this.lengthBytes);
      } catch {
        // A torn last line stays: the resume that follows drops it.
      }
      this.close();
      throw writeErrorOf(error, this.path, this.outcome);
    }
    this.lengthBytes += bytes.length;
  }

  /** Flushes what was appended and closes the file; safe to call more than once. */
  close(): void {
    const descriptor = this.descriptor;
    if (descriptor === undefined) return;
    this.descriptor = undefined;
    let failure: unknown;
    try {
      this.fs.fsyncSync(descriptor);
    } catch (error) {
      failure = error;
    }
    try {
      this.fs.closeSync(descriptor);
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw writeErrorOf(failure, this.path, this.outcome);
  }
}

export { WriteError };
