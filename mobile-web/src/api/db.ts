// The phone's own copy: IndexedDB is the source of truth for the app, the network a side
// effect. Stores grow with the app (stepwise upgrades, never destructive).
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

export interface Session {
  userId: string;
  username: string;
  fullName: string;
  accessToken: string;
  /** Gone when the server refused it: then only the password brings the session back. */
  refreshToken: string | null;
}

interface RehsosDb extends DBSchema {
  /** Small named values: the session, the last copy of each list with when it was read. */
  meta: { key: string; value: unknown };
}

let opened: Promise<IDBPDatabase<RehsosDb>> | null = null;

export function db(): Promise<IDBPDatabase<RehsosDb>> {
  opened ??= openDB<RehsosDb>('rehsos-lapangan', 1, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) d.createObjectStore('meta');
    },
  });
  return opened;
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('meta', key)) as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await (await db()).put('meta', value, key);
}

export async function deleteMeta(key: string): Promise<void> {
  await (await db()).delete('meta', key);
}

/** A list as last read from the server, kept for when there is no connection. */
export interface Cached<T> {
  at: string;
  data: T;
}
