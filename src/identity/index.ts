// Identity and access: the people who administer Filo (users, sessions), machines (API keys) and
// the role → permission table that every API route is checked against.
export {
  IdentityService,
  type Principal,
  type PublicUser,
  type ApiKeySummary,
  type IdentityOptions,
} from './service';
export { ROLES, PERMISSIONS, can, isRole, type Role, type Permission } from './roles';
export { IdentityErrors } from './errors';
export { hashPassword, verifyPassword } from './passwords';
