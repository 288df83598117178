import { Field, Float, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@app/core';

@ObjectType('HostingRegion', { description: 'A region a customer can choose, and where it processes data.' })
export class HostingRegionType {
  @Field() name: string;
  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 country codes or region codes (EU, EEA).' })
  jurisdictions: string[];
}

@ObjectType('VendorOffering', { description: "Where the producer's hosted API can process data, with its source." })
export class VendorOfferingType {
  @Field() vendor: string;
  @Field() offering: string;
  @Field(() => [HostingRegionType]) regions: HostingRegionType[];
  @Field() source: string;
  @Field() note: string;
}

@ObjectType('ServingMemory', {
  description: 'Memory needed to serve the model, from its parameter count (a floor for a modest workload).',
})
export class ServingMemoryType {
  @Field(() => SafeInt) parameterCount: number;
  @Field(() => Float, { description: 'GB at 16-bit precision (fp16/bf16), with 20% serving overhead.' })
  sixteenBitGb: number;
  @Field(() => Float, { description: 'GB at 4-bit quantisation, with 20% serving overhead.' })
  fourBitGb: number;
  @Field() formula: string;
  @Field() source: string;
}
