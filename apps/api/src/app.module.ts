import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { PermissionGuard } from '@app/authz';
import { APP_CONFIG, AppConfig, BadUserInputError, validationFieldErrors } from '@app/core';
import { AuthenticationGuard } from '@app/identity';
import { TransactionInterceptor } from '@app/persistence';
import { ArgumentValidationPipe } from './graphql/argument-validation.pipe';
import { inputHygienePlugin } from './graphql/input-hygiene.plugin';
import { AppExceptionFilter, formatError } from './graphql/error-handling';
import { httpStatusPlugin } from './graphql/http-status.plugin';
import { operationLimits, operationLimitsOf } from './graphql/operation-limits';
import { DomainModule } from './domain.module';
import { HealthController } from './health/health.controller';

/** The GraphQL server: code-first schema, production-safe settings, limits on depth, aliases and cost. */
const graphql = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  inject: [APP_CONFIG, GraphQLSchemaHost],
  useFactory: (config: AppConfig, schemaHost: GraphQLSchemaHost) => {
    const limits = operationLimits(operationLimitsOf(config), () => schemaHost.schema);
    return {
      autoSchemaFile: true,
      sortSchema: true,
      path: '/graphql',
      introspection: config.NODE_ENV !== 'production',
      playground: false,
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      includeStacktraceInErrorResponses: false,
      formatError,
      // httpStatusPlugin sets the status (503, 429, 400); Nest would reset it to 200 after any execution.
      preserveHttpStatusForExecutionErrors: false,
      parseOptions: limits.parseOptions,
      maxRecursiveSelections: limits.maxRecursiveSelections,
      validationRules: limits.validationRules,
      // Nest types Apollo from its ES module build, this file from the CommonJS one: same plugin shape.
      plugins: [httpStatusPlugin() as never, inputHygienePlugin() as never, ...(limits.plugins as never[])],
      context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    };
  },
});

@Module({})
export class AppModule {
  /** `config` is the validated environment; tests pass their own. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [DomainModule.forRoot(config), graphql],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useExisting: AuthenticationGuard },
        { provide: APP_GUARD, useExisting: PermissionGuard },
        { provide: APP_INTERCEPTOR, useExisting: TransactionInterceptor },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ArgumentValidationPipe({
            transform: true,
            whitelist: true,
            exceptionFactory: (errors) => {
              const fields = validationFieldErrors(errors);
              return new BadUserInputError(fields.map((f) => f.message).join('; '), undefined, fields);
            },
          }),
        },
      ],
    };
  }
}
