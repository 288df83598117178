import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { DemoSeedService } from './demo-seed.service';
import { IdentityResolver } from './identity.resolver';
import { OrganisationService } from './organisation.service';
import { PasswordService } from './password.service';
import { TokenService } from './token.service';
import { UserService } from './user.service';

@Module({
  providers: [
    AuthService,
    AuthenticationGuard,
    DemoSeedService,
    IdentityResolver,
    OrganisationService,
    PasswordService,
    TokenService,
    UserService,
  ],
  exports: [AuthService, AuthenticationGuard, DemoSeedService, OrganisationService, UserService, PasswordService],
})
export class IdentityModule {}
