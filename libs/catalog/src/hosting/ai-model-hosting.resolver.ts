import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AiModelType } from '../ai-model.types';
import { ServingMemoryType, VendorOfferingType } from './hosting.types';
import { servingMemory } from './serving-memory';
import { vendorOfferings } from './vendor-regions';

/** The hosting facts of a catalog entry, derived from its producer and parameter count (no query). */
@Resolver(() => AiModelType)
export class AiModelHostingResolver {
  @ResolveField(() => [VendorOfferingType], {
    nullable: true,
    description:
      "Where the producer's hosted API can process data: empty when the model is not offered as VENDOR_API, " +
      'null when it is but no regions are recorded (data residency cannot be checked).',
  })
  vendorOfferings(@Parent() model: AiModelType) {
    return vendorOfferings(model);
  }

  @ResolveField(() => ServingMemoryType, {
    nullable: true,
    description: 'Memory needed to serve the weights; null when the parameter count is unknown.',
  })
  servingMemory(@Parent() model: AiModelType) {
    return servingMemory(model.parameterCount);
  }
}
