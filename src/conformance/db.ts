/**
 * What the database holds after a case: the emulator's through its control API, the real
 * server's through its MongoDB (optional: the driver is loaded at run time from a path the
 * caller gives, so it is never a dependency of this package).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DbCheck } from './cases.js';
import { prepare, send } from './http.js';

export interface DbReader {
  find(check: DbCheck): Promise<unknown[]>;
  close(): Promise<void>;
}

const CONTROL_PATHS: Record<DbCheck['collection'], string> = {
  users: '/__emulator/users',
  project_users: '/__emulator/project-users',
};

const OBJECT_ID_KEYS = /^(_id|id_project|id_user)$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;

function matches(doc: Record<string, unknown>, where: Record<string, string>): boolean {
  return Object.entries(where).every(([k, v]) => String(doc[k]) === v);
}

/** Documents in their JSON form with the hash masked, keys sorted (the order is not observable). */
function plain(doc: Record<string, unknown>): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(json)
      .sort()
      .map((k) => [k, json[k]]),
  );
}

/**
 * `hashOf`: the stored hash of a user id, when the emulator runs in this process (the control API
 * never shows hashes); only its version tag (`$2a$` or `$2b$`) is compared.
 */
export function emulatorDb(base: string, hashOf?: (id: string) => string | undefined): DbReader {
  return {
    async find(check) {
      const x = await send(base, prepare({ method: 'GET', path: CONTROL_PATHS[check.collection] }));
      if (x.status !== 200)
        throw new Error(`GET ${CONTROL_PATHS[check.collection]}: ${x.status} ${x.text}`);
      const docs = JSON.parse(x.text) as Record<string, unknown>[];
      return docs
        .filter((d) => matches(d, check.where))
        .map((d) => {
          const hash = check.collection === 'users' ? hashOf?.(String(d._id)) : undefined;
          return plain(hash ? { ...d, password: hash.slice(0, 4) } : d);
        });
    },
    async close() {},
  };
}

interface MongoModule {
  MongoClient: new (
    uri: string,
    options: object,
  ) => {
    connect(): Promise<unknown>;
    close(): Promise<void>;
    db(): {
      collection(name: string): {
        find(q: object): { toArray(): Promise<Record<string, unknown>[]> };
      };
    };
  };
  ObjectId: new (hex: string) => unknown;
}

/** `driverDir`: a folder whose node_modules holds `mongodb` (e.g. $REALTD/congo). */
export async function mongoDb(uri: string, driverDir: string): Promise<DbReader> {
  const require = createRequire(join(driverDir, 'package.json'));
  const mongo = require('mongodb') as MongoModule;
  const client = new mongo.MongoClient(uri, {
    directConnection: true,
    serverSelectionTimeoutMS: 5000,
  });
  await client.connect();
  return {
    async find(check) {
      const query = Object.fromEntries(
        Object.entries(check.where).map(([k, v]) => [
          k,
          OBJECT_ID_KEYS.test(k) && OBJECT_ID.test(v) ? new mongo.ObjectId(v) : v,
        ]),
      );
      const docs = await client.db().collection(check.collection).find(query).toArray();
      return docs.map((d) => {
        const { password, ...rest } = d;
        // Only the hash's version tag is compared ($2a$ as bcrypt-nodejs writes, or $2b$).
        return plain(
          typeof password === 'string' ? { ...rest, password: password.slice(0, 4) } : rest,
        );
      });
    },
    close: () => client.close(),
  };
}
