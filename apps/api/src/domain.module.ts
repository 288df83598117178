import { DynamicModule, Module } from '@nestjs/common';
import { ADOPTION_ENTITIES, AdoptionModule } from '@app/adoption';
import { AUDIT_ENTITIES, AuditModule } from '@app/audit';
import { AuthzModule } from '@app/authz';
import { CATALOG_ENTITIES, CatalogModule } from '@app/catalog';
import { AppConfig, ConfigModule, LoggingModule } from '@app/core';
import { IDENTITY_ENTITIES, IdentityModule } from '@app/identity';
import { PersistenceModule } from '@app/persistence';
import { POLICY_ENTITIES, PolicyModule } from '@app/policy';
import { RISK_ENTITIES } from '@app/risk';
import { EventEmitterModule } from '@nestjs/event-emitter';

export const ENTITIES = [
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...CATALOG_ENTITIES,
  ...RISK_ENTITIES,
  ...POLICY_ENTITIES,
  ...ADOPTION_ENTITIES,
];

/**
 * Everything but the transport: configuration, logging, the database and the feature libraries.
 * The API adds GraphQL and REST on top; the CLI uses it as it is.
 */
@Module({})
export class DomainModule {
  static forRoot(config?: AppConfig): DynamicModule {
    const features = [AuthzModule, AuditModule, IdentityModule, CatalogModule, PolicyModule, AdoptionModule];
    return {
      module: DomainModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        EventEmitterModule.forRoot(),
        PersistenceModule.forRoot(ENTITIES),
        ...features,
      ],
      exports: features,
    };
  }
}
