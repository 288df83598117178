import { OrganisationEntity } from './organisation.entity';
import { RoleGrantEntity } from './role-grant.entity';
import { UserInvitationEntity } from './user-invitation.entity';
import { UserEntity } from './user.entity';

export * from './auth.service';
export * from './authentication.guard';
export * from './demo-seed.service';
export * from './dto/invite-user.input';
export * from './identity.module';
export * from './identity.types';
export * from './invitation.service';
export * from './login-limits';
export * from './organisation.entity';
export * from './organisation.service';
export * from './password.service';
export * from './role-grant.entity';
export * from './role-grant.service';
export * from './role-policy';
export * from './token.service';
export * from './user-invitation.entity';
export * from './user.entity';
export * from './user.service';

export const IDENTITY_ENTITIES = [OrganisationEntity, UserEntity, UserInvitationEntity, RoleGrantEntity];
