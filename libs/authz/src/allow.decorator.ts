import { SetMetadata } from '@nestjs/common';
import { Permission } from './permission';

export const ALLOW_KEY = 'allow:permission';

/**
 * Declares the permission an operation needs. Every resolver and controller method carries one;
 * an operation without it is refused by the PermissionGuard.
 */
export const Allow = (permission: Permission) => SetMetadata(ALLOW_KEY, permission);
