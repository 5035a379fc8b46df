// What each role may do, for hiding actions a user cannot take. The server checks every request;
// this copy only spares people buttons that would answer 403. permissions.test.ts keeps it equal to
// the server's table (src/identity/roles.ts) for every permission listed here.
import type { Role } from '../api';

export type UiPermission =
  | 'projects:write'
  | 'ledger:read'
  | 'ledger:write'
  | 'expenses:approve'
  | 'contacts:write'
  | 'contacts:erase'
  | 'campaigns:write';

const GRANTS: Readonly<Record<Role, readonly UiPermission[]>> = {
  owner: [
    'projects:write',
    'ledger:read',
    'ledger:write',
    'expenses:approve',
    'contacts:write',
    'contacts:erase',
    'campaigns:write',
  ],
  fundraiser: ['ledger:read', 'contacts:write', 'campaigns:write'],
  agent: ['ledger:read'],
  accountant: ['projects:write', 'ledger:read', 'ledger:write', 'expenses:approve'],
  auditor: ['ledger:read'],
};

export const UI_PERMISSIONS: readonly UiPermission[] = [
  'projects:write',
  'ledger:read',
  'ledger:write',
  'expenses:approve',
  'contacts:write',
  'contacts:erase',
  'campaigns:write',
];

export function roleCan(role: Role, permission: UiPermission): boolean {
  return GRANTS[role].includes(permission);
}
