import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private directory for database files, removed (with the WAL and SHM files) by `remove`. */
export interface TemporaryDirectory {
  readonly path: string;
  file(name: string): string;
  remove(): void;
}

/** Creates a fresh temporary directory for one test. */
export function createTemporaryDirectory(): TemporaryDirectory {
  const path = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => {
      rmSync(path, { recursive: true, force: true });
    },
  };
}
