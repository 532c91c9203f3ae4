/**
 * Store files for the large-store figures: the fixtures plus `users` users and `projectUsers`
 * project_users, as plain JSON in the shape of fixtures/seed.json (the emulator opens it with
 * --db like any store it wrote itself). Records are defined here: the store is just JSON.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_PROJECT, guest } from './guests.js';
import { ROOT } from './lib.js';

const AT = '2026-01-15T09:00:00.000Z';
/** bcrypt of "benchpassword" at cost 4: every generated user shares it (nobody signs in as them). */
const PASSWORD_HASH = '$2a$04$Tkq1QGP8LKXWGrCW6q2dzO.KOYHVzYZiDirxnb6zZ2Pqh4bYPPSu6';

interface StoreFileData {
  users: object[];
  projects: object[];
  project_users: object[];
}

const hex = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(12, '0')}0000`;

/** User number `i`, with a distinct id and e-mail. */
function user(i: number): Record<string, unknown> {
  return {
    _id: hex('67000000', i),
    email: `bench-user-${i}@example.com`,
    password: PASSWORD_HASH,
    firstname: 'Bench',
    lastname: `User ${i}`,
    emailverified: true,
    status: 100,
    createdAt: AT,
    updatedAt: AT,
    __v: 0,
  };
}

/** The membership of user `i` in the fixture project, as an agent. */
function member(i: number): Record<string, unknown> {
  const id = hex('67000000', i);
  return {
    _id: hex('68000000', i),
    id_project: FIXTURE_PROJECT,
    id_user: id,
    role: 'agent',
    roleType: 1,
    user_available: true,
    status: 'active',
    number_assigned_requests: 0,
    trashed: false,
    createdBy: id,
    createdAt: AT,
    updatedAt: AT,
    __v: 0,
  };
}

/**
 * Writes the store: `users` users, each a member of the fixture project, and guests for the
 * rest of `projectUsers`. Two-space JSON, as lowdb writes it. Returns the file's size in MB.
 */
export function writeStore(file: string, users: number, projectUsers: number): number {
  const data = JSON.parse(readFileSync(join(ROOT, 'fixtures/seed.json'), 'utf8')) as StoreFileData;
  for (let i = 0; i < users; i++) data.users.push(user(i));
  const members = Math.min(users, projectUsers);
  for (let i = 0; i < members; i++) data.project_users.push(member(i));
  for (let i = 0; i < projectUsers - members; i++) data.project_users.push(guest(i));
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return statSync(file).size / 2 ** 20;
}
