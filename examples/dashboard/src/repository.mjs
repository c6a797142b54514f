// @ts-check
// The dashboard's rows besides tokens: login sessions (server-side, behind a random cookie id),
// connected accounts with their last profile, and publishes with one row per target platform.
// Nothing here holds a token: those live in SqliteTokenStore only.
import { randomUUID } from "node:crypto";

/**
 * @typedef {object} TargetRow
 * @property {string} platform
 * @property {string} credentialKey
 * @property {"uploading" | "processing" | "published" | "draft" | "scheduled" | "failed" | "unknown"} state
 * @property {number} bytesSent
 * @property {number} totalBytes
 * @property {import("@postkit/core").PublishJob | undefined} job
 * @property {string | undefined} message
 * @property {string | undefined} hint
 */

/** @typedef {{ account: import("@postkit/core").Account; profile: Record<string, unknown> | undefined }} AccountRow */

/** @param {import("better-sqlite3").Database} db */
export function createRepository(db) {
  const q = {
    saveSession: db.prepare(
      "INSERT INTO login_sessions (id, platform, session, expires_at) VALUES (?, ?, ?, ?)",
    ),
    takeSession: db.prepare("DELETE FROM login_sessions WHERE id = ? AND platform = ? RETURNING session"),
    purgeSessions: db.prepare("DELETE FROM login_sessions WHERE expires_at < ?"),
    saveAccount: db.prepare(
      "INSERT INTO accounts (credential_key, platform, account, profile, connected_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (credential_key) DO UPDATE SET account = excluded.account, profile = excluded.profile, connected_at = excluded.connected_at",
    ),
    accounts: db.prepare("SELECT account, profile FROM accounts ORDER BY connected_at"),
    accountsOf: db.prepare(
      "SELECT account, profile FROM accounts WHERE platform = ? ORDER BY connected_at DESC",
    ),
    newPublish: db.prepare("INSERT INTO publishes (id, created_at, file_name) VALUES (?, ?, ?)"),
    newTarget: db.prepare(
      "INSERT INTO publish_targets (publish_id, platform, credential_key, state) VALUES (?, ?, ?, 'uploading')",
    ),
    updateTarget: db.prepare(
      "UPDATE publish_targets SET state = coalesce(?, state), bytes_sent = coalesce(?, bytes_sent), " +
        "total_bytes = coalesce(?, total_bytes), job = coalesce(?, job), message = ?, hint = ? " +
        "WHERE publish_id = ? AND platform = ?",
    ),
    targets: db.prepare("SELECT * FROM publish_targets WHERE publish_id = ? ORDER BY rowid"),
    publish: db.prepare("SELECT id, file_name FROM publishes WHERE id = ?"),
  };

  return {
    /** Keeps a login session for the callback; returns the id the cookie carries. */
    saveLoginSession(
      /** @type {string} */ platform,
      /** @type {import("@postkit/core").LoginSession} */ session,
    ) {
      q.purgeSessions.run(Date.now());
      const id = randomUUID();
      q.saveSession.run(id, platform, JSON.stringify(session), session.expiresAt);
      return id;
    },
    /** The session of a callback, used once: a replayed callback finds nothing. */
    takeLoginSession(/** @type {string} */ id, /** @type {string} */ platform) {
      const row = /** @type {{ session: string } | undefined} */ (q.takeSession.get(id, platform));
      return row ? /** @type {unknown} */ (JSON.parse(row.session)) : undefined;
    },
    saveAccount(
      /** @type {import("@postkit/core").Account} */ account,
      /** @type {Record<string, unknown> | undefined} */ profile,
    ) {
      q.saveAccount.run(
        account.credentialKey,
        account.platform,
        JSON.stringify(account),
        profile ? JSON.stringify(profile) : null,
        Date.now(),
      );
    },
    /** @returns {AccountRow[]} */
    accounts() {
      return /** @type {{ account: string; profile: string | null }[]} */ (q.accounts.all()).map(
        parseAccount,
      );
    },
    /** The most recently connected account of a platform. @returns {AccountRow | undefined} */
    accountOf(/** @type {string} */ platform) {
      const row = /** @type {{ account: string; profile: string | null } | undefined} */ (
        q.accountsOf.get(platform)
      );
      return row && parseAccount(row);
    },
    createPublish(
      /** @type {string} */ fileName,
      /** @type {{ platform: string; credentialKey: string }[]} */ targets,
    ) {
      const id = randomUUID();
      db.transaction(() => {
        q.newPublish.run(id, Date.now(), fileName);
        for (const target of targets) q.newTarget.run(id, target.platform, target.credentialKey);
      })();
      return id;
    },
    updateTarget(
      /** @type {string} */ publishId,
      /** @type {string} */ platform,
      /** @type {{ state?: TargetRow["state"]; bytesSent?: number; totalBytes?: number; job?: import("@postkit/core").PublishJob; message?: string | undefined; hint?: string | undefined }} */ change,
    ) {
      q.updateTarget.run(
        change.state ?? null,
        change.bytesSent ?? null,
        change.totalBytes ?? null,
        change.job ? JSON.stringify(change.job) : null,
        change.message ?? null,
        change.hint ?? null,
        publishId,
        platform,
      );
    },
    /** @returns {{ id: string; fileName: string; targets: TargetRow[] } | undefined} */
    publish(/** @type {string} */ id) {
      const row = /** @type {{ id: string; file_name: string } | undefined} */ (q.publish.get(id));
      if (!row) return undefined;
      const targets = /** @type {Record<string, string | number | null>[]} */ (q.targets.all(id)).map(
        (t) => ({
          platform: String(t.platform),
          credentialKey: String(t.credential_key),
          state: /** @type {TargetRow["state"]} */ (t.state),
          bytesSent: Number(t.bytes_sent),
          totalBytes: Number(t.total_bytes),
          job: t.job ? JSON.parse(String(t.job)) : undefined,
          message: t.message === null ? undefined : String(t.message),
          hint: t.hint === null ? undefined : String(t.hint),
        }),
      );
      return { id: row.id, fileName: row.file_name, targets };
    },
  };
}

/** @typedef {ReturnType<typeof createRepository>} Repository */

/** @param {{ account: string; profile: string | null }} row @returns {AccountRow} */
function parseAccount(row) {
  return { account: JSON.parse(row.account), profile: row.profile ? JSON.parse(row.profile) : undefined };
}
