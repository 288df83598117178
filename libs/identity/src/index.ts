import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';

export * from './auth.service';
export * from './authentication.guard';
export * from './demo-seed.service';
export * from './dto/create-user.input';
export * from './identity.module';
export * from './identity.types';
export * from './organisation.entity';
export * from './organisation.service';
export * from './password.service';
export * from './token.service';
export * from './user.entity';
export * from './user.service';

export const IDENTITY_ENTITIES = [OrganisationEntity, UserEntity];
