/**
 * Guest project_users of the fixture project, as signinAnonymously makes them: what the bench
 * fills its large stores with. The store is plain JSON, so the record type is defined here
 * rather than imported from the emulator's modules.
 */

export const FIXTURE_PROJECT = '65f0b0000000000000000001';
const AT = '2026-01-15T09:00:00.000Z';

export interface GuestRecord {
  _id: string;
  id_project: string;
  uuid_user: string;
  role: 'guest';
  roleType: 2;
  user_available: boolean;
  status: 'active';
  number_assigned_requests: number;
  trashed: boolean;
  createdBy: string;
  updatedBy: string;
  last_login_at: string;
  createdAt: string;
  updatedAt: string;
  __v: number;
}

/** Guest number `i`: ids and uuid derived from `i`, so each is distinct and repeatable. */
export function guest(i: number): GuestRecord {
  const hex = i.toString(16).padStart(12, '0');
  const uuid = `b3nc0000-0000-4000-8000-${hex}`;
  return {
    _id: `66000000${hex}0000`,
    id_project: FIXTURE_PROJECT,
    uuid_user: uuid,
    role: 'guest',
    roleType: 2,
    user_available: true,
    status: 'active',
    number_assigned_requests: 0,
    trashed: false,
    createdBy: uuid,
    updatedBy: uuid,
    last_login_at: AT,
    createdAt: AT,
    updatedAt: AT,
    __v: 0,
  };
}
