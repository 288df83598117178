import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AbilityFactory } from '@app/authz';
import { AiModelQueryService } from '@app/catalog';
import { RequestContext } from '@app/core';
import { OrganisationService, UserService } from '@app/identity';
import { Db } from '@app/persistence';
import { Connectivity, DataSensitivity, HardwareProfile, IntendedAdaptation, Sector } from '@app/risk';
import { HostingOption } from '@app/catalog';
import { AdoptionRequestEntity } from './adoption-request.entity';
import { AdoptionRequestService } from './adoption-request.service';

/**
 * The situations the service is built for, as draft requests of the demo organisation: one for each kind of
 * organisation, and a humanitarian team that must work offline.
 */
export const DEMO_REQUESTS = [
  {
    title: 'Maternal health assistant in Swahili',
    model: 'Mistral 7B v0.1',
    sector: Sector.HEALTH,
    useCase: 'Answer community health workers’ questions on maternal care guidelines, adapted to local clinics',
    deploymentMode: HostingOption.SELF_HOSTED,
    dataSensitivity: DataSensitivity.SENSITIVE_PERSONAL,
    intendedAdaptation: IntendedAdaptation.FINE_TUNING,
    languages: ['sw', 'en'],
    affectedPopulation: 'Community health workers and the pregnant women they advise in rural districts',
    expectedUsers: 4000,
    justification: 'Guidelines are long, in English only, and hard to search in the field',
    // Rural clinics lose their connection for days; the ministry keeps health data in the country.
    connectivity: Connectivity.INTERMITTENT,
    dataResidency: ['KE'],
    hardware: HardwareProfile.SINGLE_CONSUMER_GPU,
    publicFacing: false,
  },
  {
    title: 'Homework feedback for secondary pupils',
    model: 'Llama 3.1 8B Instruct',
    sector: Sector.EDUCATION,
    useCase: 'Give pupils feedback on essays and suggest exercises',
    deploymentMode: HostingOption.SELF_HOSTED,
    dataSensitivity: DataSensitivity.CHILDREN,
    intendedAdaptation: IntendedAdaptation.RETRIEVAL,
    languages: ['en', 'fr'],
    affectedPopulation: 'Pupils aged 12 to 16 using the learning platform',
    expectedUsers: 250000,
    justification: 'Teachers cannot give individual feedback to classes of 60',
    // Pupils use it directly; the platform runs in the ministry's data centre in the EU.
    connectivity: Connectivity.ONLINE,
    dataResidency: ['EU'],
    hardware: HardwareProfile.WORKSTATION_GPUS,
    publicFacing: true,
  },
  {
    title: 'Crisis information triage',
    model: 'GPT-4o',
    sector: Sector.HUMANITARIAN,
    useCase: 'Summarise and route incoming messages from people affected by floods to the right responders',
    deploymentMode: HostingOption.VENDOR_API,
    dataSensitivity: DataSensitivity.PERSONAL,
    intendedAdaptation: IntendedAdaptation.PROMPTING,
    languages: ['ar', 'fr', 'en'],
    affectedPopulation: 'Displaced people contacting the agency’s hotline',
    expectedUsers: 60000,
    justification: 'Message volume during floods exceeds what the team can read',
    // The hotline team works from headquarters in Geneva; messages come in from the public.
    connectivity: Connectivity.ONLINE,
    dataResidency: ['EEA', 'CH'],
    hardware: HardwareProfile.CPU_ONLY,
    publicFacing: true,
  },
  {
    title: 'Public consultation summaries',
    model: 'OLMo 7B',
    sector: Sector.CIVIL_SOCIETY,
    useCase: 'Summarise public consultation responses for the network’s policy briefs',
    deploymentMode: HostingOption.SELF_HOSTED,
    dataSensitivity: DataSensitivity.PUBLIC,
    intendedAdaptation: IntendedAdaptation.PROMPTING,
    languages: ['en', 'es'],
    affectedPopulation: 'Member organisations of the network',
    expectedUsers: 300,
    justification: 'Hundreds of responses per consultation, few staff',
    // Consultation responses are published anyway; staff only.
    connectivity: Connectivity.ONLINE,
    dataResidency: ['ANY'],
    hardware: HardwareProfile.SINGLE_CONSUMER_GPU,
    publicFacing: false,
  },
  {
    title: 'Offline field guidance for camp staff',
    model: 'Mistral 7B v0.1',
    sector: Sector.HUMANITARIAN,
    useCase:
      'Answer field staff questions on shelter, water and protection guidelines, with their case notes as context',
    deploymentMode: HostingOption.SELF_HOSTED,
    dataSensitivity: DataSensitivity.PERSONAL,
    intendedAdaptation: IntendedAdaptation.RETRIEVAL,
    languages: ['fr', 'sw'],
    affectedPopulation: 'Displaced families in camps whose cases the field staff handle',
    expectedUsers: 150,
    justification: 'Guidelines run to thousands of pages and the camps have no connection',
    // The camps have no internet at all; staff carry laptops without a GPU.
    connectivity: Connectivity.OFFLINE,
    dataResidency: ['ANY'],
    hardware: HardwareProfile.CPU_ONLY,
    publicFacing: false,
  },
] as const;

/**
 * Drafts the demo requests for requester@example.org in the demo organisation (idempotent: a request with
 * the same title is not drafted twice).
 */
@Injectable()
export class DemoRequestsSeeder {
  constructor(
    private readonly db: Db,
    private readonly drafts: AdoptionRequestService,
    private readonly abilities: AbilityFactory,
    private readonly organisations: OrganisationService,
    private readonly users: UserService,
    private readonly models: AiModelQueryService,
  ) {}

  async seed(): Promise<number> {
    const base = this.db.context(`seed-${randomUUID()}`, null, null);
    const org = await this.organisations.findBySlug(base, 'demo');
    if (!org) return 0;
    const user = await this.users.findByEmail(
      RequestContext.system(base.requestId, base.em, org.id),
      'requester@example.org',
    );
    if (!user) return 0;
    const actor = {
      userId: user.id,
      organisationId: org.id,
      email: user.email,
      roles: user.roles,
      expertise: user.expertise,
    };
    const ctx = new RequestContext(base.requestId, actor, this.abilities.forActor(actor), base.em);
    let drafted = 0;
    await this.db.transaction(ctx, async (tx) => {
      const models = new Map(
        (
          await this.models.findByNames(
            tx,
            DEMO_REQUESTS.map((d) => d.model),
          )
        ).map((m) => [m.name, m]),
      );
      for (const demo of DEMO_REQUESTS) {
        const exists = await this.db
          .repo(tx, AdoptionRequestEntity)
          .findOne({ where: { organisationId: org.id, title: demo.title } });
        const model = models.get(demo.model);
        if (exists || !model) continue;
        const { model: _name, ...fields } = demo;
        await this.drafts.create(tx, {
          ...fields,
          languages: [...fields.languages],
          dataResidency: [...fields.dataResidency],
          modelId: model.id,
          alternatives: [],
        });
        drafted++;
      }
    });
    return drafted;
  }
}
