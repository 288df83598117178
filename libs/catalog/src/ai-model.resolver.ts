import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, Permission } from '@app/authz';
import { AfterArg, listComplexity, pageComplexity, RequestContext, TEXT_LIMITS, TextArg } from '@app/core';
import { AiModelEntity } from './ai-model.entity';
import { AiModelQueryService, MAX_FAMILY_SIBLINGS } from './ai-model-query.service';
import { AiModelService } from './ai-model.service';
import { AiModelConnection, AiModelResult, AiModelType } from './ai-model.types';
import { AiModelFilter } from './dto/ai-model-filter.input';
import { CreateAiModelInput, UpdateAiModelInput } from './dto/ai-model.input';

@Resolver(() => AiModelType)
export class AiModelResolver {
  constructor(
    private readonly models: AiModelService,
    private readonly queries: AiModelQueryService,
  ) {}

  @Query(() => AiModelConnection, {
    description: 'The organisation’s model catalog, by name.',
    complexity: pageComplexity,
  })
  @Allow(Permission.ReadCatalog)
  aiModels(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => AiModelFilter, nullable: true }) filter?: AiModelFilter,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' })
    first?: number,
    @AfterArg() after?: string,
  ) {
    return this.queries.list(ctx, filter, first, after);
  }

  @Query(() => AiModelType)
  @Allow(Permission.ReadCatalog)
  aiModel(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.queries.get(ctx, id);
  }

  @Mutation(() => AiModelResult, { description: 'Adds a model described by hand (POLICY_ADMIN).' })
  @Allow(Permission.ManageCatalog)
  createAiModel(@Ctx() ctx: RequestContext, @Args('input') input: CreateAiModelInput) {
    return this.models.create(ctx, input);
  }

  @Mutation(() => AiModelResult, { description: 'Changes a model; refused when it is no longer at expectedVersion.' })
  @Allow(Permission.ManageCatalog)
  updateAiModel(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAiModelInput,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ) {
    return this.models.update(ctx, id, input, expectedVersion);
  }

  @Mutation(() => AiModelResult, {
    description: 'Creates or updates a model from a Model Openness Tool record (YAML, MOF 1.0 format).',
  })
  @Allow(Permission.ManageCatalog)
  importModelOpennessRecord(@Ctx() ctx: RequestContext, @TextArg('yaml', { max: TEXT_LIMITS.DOCUMENT }) yaml: string) {
    return this.models.importRecord(ctx, yaml);
  }

  @ResolveField(() => [AiModelType], {
    description: `Other models of the same family, open weights first (e.g. the open alternative to an API model); at most ${MAX_FAMILY_SIBLINGS}.`,
    complexity: listComplexity(MAX_FAMILY_SIBLINGS),
  })
  familySiblings(@Ctx() ctx: RequestContext, @Parent() model: AiModelEntity) {
    return this.queries.loadFamilySiblings(ctx, model);
  }
}
