import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Role, ValidationError } from '@app/core';
import type { AppConfig } from '@app/core';

/** The first configured pair both of whose roles are in `roles`, or null. */
export function incompatiblePair(
  roles: readonly Role[],
  pairs: ReadonlyArray<readonly [Role, Role]>,
): readonly [Role, Role] | null {
  return pairs.find(([a, b]) => roles.includes(a) && roles.includes(b)) ?? null;
}

/**
 * Separation of duties between roles (INCOMPATIBLE_ROLES, by default ORG_ADMIN with APPROVER and with
 * REVIEWER): the one who administers accounts may not also decide or assess, so one administrator cannot
 * grant themselves a vote (one ORG_ADMIN could otherwise meet any quorum alone). Every path that grants roles
 * (invitation, setUserRoles, the CLI, the demo seed) asks this before writing.
 */
@Injectable()
export class RolePolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A ValidationError naming the pair when `roles` holds an incompatible pair, else null. */
  check(roles: readonly Role[], field: string): ValidationError | null {
    const pair = incompatiblePair(roles, this.config.INCOMPATIBLE_ROLES);
    if (!pair) return null;
    return ValidationError.of([
      { field, message: `${pair[0]} and ${pair[1]} cannot be held by the same user (separation of duties)` },
    ]);
  }
}
