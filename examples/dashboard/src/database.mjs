// @ts-check
// The dashboard's embedded SQLite database: accounts, tokens (through SqliteTokenStore), login
// sessions and publish jobs. One file, WAL mode, opened once per process.
import Database from "better-sqlite3";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, tokens TEXT NOT NULL, revision TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS token_locks (key TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS login_sessions (
  id TEXT PRIMARY KEY, platform TEXT NOT NULL, session TEXT NOT NULL, expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
  credential_key TEXT PRIMARY KEY, platform TEXT NOT NULL, account TEXT NOT NULL,
  profile TEXT, connected_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS publishes (
  id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, file_name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS publish_targets (
  publish_id TEXT NOT NULL, platform TEXT NOT NULL, credential_key TEXT NOT NULL,
  state TEXT NOT NULL, bytes_sent INTEGER NOT NULL DEFAULT 0, total_bytes INTEGER NOT NULL DEFAULT 0,
  job TEXT, message TEXT, hint TEXT,
  PRIMARY KEY (publish_id, platform)
);
`;

/**
 * Opens (and creates) the database.
 * @param {string} file a path, or ":memory:" for tests
 * @returns {import("better-sqlite3").Database}
 */
export function openDatabase(file) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // Another process holding the write lock (a second instance) is waited for, not an error.
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  return db;
}
