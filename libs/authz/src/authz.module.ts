import { Global, Module } from '@nestjs/common';
import { AbilityFactory } from './ability.factory';
import { AccessService } from './access.service';
import { PermissionGuard } from './permission.guard';

@Global()
@Module({
  providers: [AbilityFactory, AccessService, PermissionGuard],
  exports: [AbilityFactory, AccessService, PermissionGuard],
})
export class AuthzModule {}
