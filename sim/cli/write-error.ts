// A file mirrorsim could not write (full disk, read-only file system, a file or directory in the way): bad
// input from the user's environment, so one exit-2 message that names the path and what is wrong there.

import { InputError } from '../errors.js';

/** What each error of the environment means for a file being written, and what would have worked. */
const MEANINGS: Readonly<Record<string, { readonly got: string; readonly expected: string }>> = {
  ENOSPC: { got: 'no space left on the device', expected: 'room on the device' },
  EDQUOT: { got: 'the disk quota used up', expected: 'room in the quota' },
  EFBIG: { got: 'a file too large for the file system', expected: 'a file system that takes a file this large' },
  EROFS: { got: 'a read-only file system', expected: 'a writable file system' },
  EACCES: { got: 'permission denied', expected: 'a place this user may write' },
  EPERM: { got: 'operation not permitted', expected: 'a place this user may write' },
  EEXIST: { got: 'a file where a directory is needed', expected: 'a directory there, or no file in the way' },
  ENOTDIR: { got: 'a file where a directory is needed', expected: 'a directory there, or no file in the way' },
  EISDIR: { got: 'a directory where the file is to go', expected: 'a file name, not a directory' },
  ENOENT: { got: 'a directory that went away', expected: 'a directory that stays while mirrorsim writes' },
  ENAMETOOLONG: { got: 'a name too long for the file system', expected: 'a shorter path' },
  ELOOP: { got: 'a loop of symbolic links', expected: 'a path without a symbolic-link loop' },
  EIO: { got: 'an input/output error of the device', expected: 'a device that writes' },
  EMFILE: { got: 'too many open files', expected: 'a free file descriptor' },
  ENFILE: { got: 'too many open files in the system', expected: 'a free file descriptor' },
};

/** The errors that say something about the user's environment, not about mirrorsim. */
export function isEnvironmentError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && Object.hasOwn(MEANINGS, code);
}

export class WriteError extends InputError {
  constructor(
    /** The file that was not written (its final name), or the directory that could not be made. */
    readonly path: string,
    /** The errno code, e.g. ENOSPC. */
    readonly errorCode: string,
    got: string,
    expected: string,
  ) {
    super([{ source: path, path: '', value: got, expected }]);
  }
}

/**
 * Turns an error of the environment into a WriteError naming `path` (the final name, never the temporary
 * one); `where` names a different culprit (the file in the way of a directory); `outcome` says what was kept.
 * Any other error (a bug of ours) is returned as it was.
 */
export function writeErrorOf(error: unknown, path: string, outcome: string, where?: string): unknown {
  if (error instanceof WriteError || !isEnvironmentError(error)) return error;
  const code = error.code!;
  const meaning = MEANINGS[code];
  const at = where === undefined || where === path ? '' : ` at ${where}`;
  return new WriteError(path, code, `${meaning.got} (${code})${at}`, `${meaning.expected}; ${outcome}`);
}
