import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { DemoSeedService } from './demo-seed.service';
import { AuditEventActorResolver } from './audit-event-actor.resolver';
import { IdentityResolver } from './identity.resolver';
import { InvitationMailer } from './invitation-mailer';
import { InvitationService } from './invitation.service';
import { LoginLimits } from './login-limits';
import { OrganisationNamesForAudit } from './organisation-names';
import { OrganisationService } from './organisation.service';
import { PasswordService } from './password.service';
import { RoleGrantService } from './role-grant.service';
import { RolePolicy } from './role-policy';
import { TokenService } from './token.service';
import { UserService } from './user.service';

@Module({
  providers: [
    AuthService,
    AuthenticationGuard,
    DemoSeedService,
    IdentityResolver,
    AuditEventActorResolver,
    InvitationMailer,
    InvitationService,
    LoginLimits,
    OrganisationNamesForAudit,
    OrganisationService,
    PasswordService,
    RoleGrantService,
    RolePolicy,
    TokenService,
    UserService,
  ],
  exports: [
    AuthService,
    AuthenticationGuard,
    DemoSeedService,
    InvitationService,
    OrganisationService,
    UserService,
    PasswordService,
    RoleGrantService,
  ],
})
export class IdentityModule {}
