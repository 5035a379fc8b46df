// Roles and what each may do. A route names one permission; this table is the only place that maps
// roles to permissions, so an audit of who can do what reads one file.

export const ROLES = ['owner', 'fundraiser', 'agent', 'accountant', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'dashboard:read',
  'contacts:read',
  'contacts:write',
  'contacts:erase',
  'campaigns:read',
  'campaigns:write',
  'projects:read',
  'projects:write',
  'ledger:read',
  'ledger:write',
  'expenses:approve',
  'users:read',
  'users:manage',
  'apikeys:manage',
  'jobs:read',
  'jobs:manage',
  'payments:links',
  'inbox:read',
  'inbox:write',
  'assistant:use',
  'assistant:manage',
  'knowledge:read',
  'knowledge:write',
  // Channel settings and the e-mail sandbox outbox (owner only).
  'channels:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL = PERMISSIONS.filter((p) => p.endsWith(':read'));

const GRANTS: Readonly<Record<Role, ReadonlySet<Permission>>> = Object.freeze({
  owner: new Set<Permission>(PERMISSIONS),
  fundraiser: new Set<Permission>([
    'dashboard:read',
    'contacts:read',
    'contacts:write',
    'campaigns:read',
    'campaigns:write',
    'projects:read',
    'ledger:read',
    'payments:links',
    'inbox:read',
    'inbox:write',
    'assistant:use',
    'assistant:manage',
    'knowledge:read',
    'knowledge:write',
  ]),
  // Agents see a supporter's giving history beside the conversation.
  agent: new Set<Permission>([
    'dashboard:read',
    'contacts:read',
    'campaigns:read',
    'projects:read',
    'ledger:read',
    'payments:links',
    'inbox:read',
    'inbox:write',
    'assistant:use',
    'knowledge:read',
  ]),
  accountant: new Set<Permission>([
    'dashboard:read',
    'contacts:read',
    'campaigns:read',
    'projects:read',
    'projects:write',
    'ledger:read',
    'ledger:write',
    'expenses:approve',
  ]),
  // The auditor sees everything and changes nothing.
  auditor: new Set<Permission>(READ_ALL),
});

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}
