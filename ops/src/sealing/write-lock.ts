import Database from 'better-sqlite3';

/**
 * Takes the SQLite write lock of a log file and holds it until released, so no other process
 * appends to the log while it is copied (readers go on). Returns the release function.
 */
export function holdWriteLock(file: string): () => void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db.close();
    throw error;
  }
  return () => {
    if (!db.open) return;
    db.exec('ROLLBACK');
    db.close();
  };
}
