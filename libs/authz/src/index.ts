export * from './ability.factory';
export * from './access.service';
export * from './allow.decorator';
export * from './authz.module';
export * from './ctx.decorator';
export * from './permission';
export * from './permission.guard';
export * from './request-of';
