import { describe, expect, it } from 'vitest';
import { ROLES, can } from '../../../src/identity/roles';
import { UI_PERMISSIONS, roleCan } from './permissions';

describe('roleCan', () => {
  it('agrees with the server’s role table for every role and permission the screens use', () => {
    for (const role of ROLES) {
      for (const permission of UI_PERMISSIONS) {
        expect(roleCan(role, permission), `${role} ${permission}`).toBe(can(role, permission));
      }
    }
  });
});
