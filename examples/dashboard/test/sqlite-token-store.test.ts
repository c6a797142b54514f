// The SQLite token store keeps core's TokenStore contract (the suite from
// @postkit/testing/conformance, with two database connections on one file as two instances of the
// app), and reports a broken database as core's StoreError.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreError } from "@postkit/core";
import { describeTokenStoreConformance } from "@postkit/testing/conformance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/database.mjs";
import { SqliteTokenStore } from "../src/sqlite-token-store.mjs";

let directory: string;
let file: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "postkit-dashboard-store-"));
  file = join(directory, "dashboard.db");
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

// Each check gets a fresh database file; its second instance is another connection on that file
// (another instance of the app). Connections are closed after each check.
const connections: Array<ReturnType<typeof openDatabase>> = [];
const connect = () => {
  const db = openDatabase(file);
  connections.push(db);
  return new SqliteTokenStore(db);
};
describeTokenStoreConformance("SqliteTokenStore", {
  create: connect,
  reopen: connect,
  cleanup: () => {
    for (const db of connections.splice(0)) db.close();
  },
});

describe("SqliteTokenStore", () => {
  it("reports unreadable rows and a closed database as StoreError", async () => {
    const db = openDatabase(file);
    const store = new SqliteTokenStore(db);
    db.prepare("INSERT INTO tokens (key, tokens, revision) VALUES ('bad', '{\"nope\":1}', 'r')").run();
    expect(StoreError.isInstance(await store.load("bad").catch((error: unknown) => error))).toBe(true);
    db.close();
    expect(StoreError.isInstance(await store.load("k").catch((error: unknown) => error))).toBe(true);
  });
});
