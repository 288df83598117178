import { HostingOption } from '../openness/openness.types';
import { residencyProblem } from '../openness/jurisdictions';

/** One region a customer of a vendor offering can choose, and the jurisdictions where it processes data. */
export interface HostingRegion {
  name: string;
  /** Country or region codes (see `jurisdictions.ts`) where requests sent to this region are processed. */
  jurisdictions: string[];
}

/** Where a producer's hosted API can process a customer's data, with the page that says so. */
export interface VendorOffering {
  vendor: string;
  offering: string;
  /** The regions a customer can choose; a request's residency is met when one of them lies within it. */
  regions: HostingRegion[];
  source: string;
  /** Conditions and limits (eligibility, default routing, models not served everywhere). */
  note: string;
}

interface ProducerOfferings {
  /** Producer names as the catalog spells them, compared lower-case without punctuation. */
  producers: string[];
  offerings: VendorOffering[];
}

const region = (name: string, ...jurisdictions: string[]): HostingRegion => ({ name, jurisdictions });

/**
 * The hosting regions of each producer's own API (the catalog's VENDOR_API hosting option: the producer's
 * hosted service). Resellers such as Azure OpenAI, Amazon Bedrock or Vertex AI for third-party models are other
 * vendors with their own regions and contracts, and are not counted as the producer's API. A producer that is
 * not listed has no recorded regions: data residency cannot be checked (feasibility UNKNOWN), never assumed.
 */
export const VENDOR_OFFERINGS: readonly ProducerOfferings[] = Object.freeze([
  {
    producers: ['OpenAI'],
    offerings: [
      {
        vendor: 'OpenAI',
        offering: 'OpenAI API',
        regions: [
          region('United States', 'US'),
          region('Europe (EEA and Switzerland)', 'EEA', 'CH'),
          region('United Kingdom', 'GB'),
          region('Canada', 'CA'),
          region('Japan', 'JP'),
          region('South Korea', 'KR'),
          region('Singapore', 'SG'),
          region('India', 'IN'),
          region('Australia', 'AU'),
          region('United Arab Emirates', 'AE'),
        ],
        source: 'https://help.openai.com/en/articles/10503543-data-residency-for-the-openai-api',
        note:
          'Requests are processed in the United States unless the project was created with another region; other ' +
          'regions need an Enterprise agreement approved for advanced data controls and a model snapshot the region ' +
          'serves. Regions beyond the US and Europe: ' +
          'https://openai.com/index/expanding-data-residency-access-to-business-customers-worldwide/',
      },
    ],
  },
  {
    producers: ['Anthropic'],
    offerings: [
      {
        vendor: 'Anthropic',
        offering: 'Claude API',
        regions: [region('United States (US-only inference)', 'US')],
        source: 'https://support.claude.com/en/articles/15422948-enable-us-only-inference-for-your-organization',
        note:
          'Without the US-only setting, inference may be routed to servers in other regions; no other region can be ' +
          'chosen. Claude is also sold through Amazon Bedrock and Google Cloud Vertex AI, other vendors whose ' +
          'regions are not counted here.',
      },
    ],
  },
  {
    producers: ['Google', 'Google DeepMind'],
    offerings: [
      {
        vendor: 'Google Cloud',
        offering: 'Generative AI on Vertex AI',
        regions: [
          region('United States', 'US'),
          region('Montréal', 'CA'),
          region('São Paulo', 'BR'),
          region('Belgium', 'BE'),
          region('Finland', 'FI'),
          region('Frankfurt', 'DE'),
          region('London', 'GB'),
          region('Madrid', 'ES'),
          region('Milan', 'IT'),
          region('Netherlands', 'NL'),
          region('Paris', 'FR'),
          region('Warsaw', 'PL'),
          region('Zürich', 'CH'),
          region('Taiwan', 'TW'),
          region('Hong Kong', 'HK'),
          region('Mumbai', 'IN'),
          region('Seoul', 'KR'),
          region('Singapore', 'SG'),
          region('Sydney', 'AU'),
          region('Tokyo', 'JP'),
          region('Tel Aviv', 'IL'),
        ],
        source: 'https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations',
        note:
          'Google stores customer data only in the chosen region for generally available features; some models and ' +
          'versions are not served in every region, and the global endpoint gives no residency.',
      },
    ],
  },
  {
    producers: ['Mistral AI', 'Mistral'],
    offerings: [
      {
        vendor: 'Mistral AI',
        offering: 'Mistral API (regional inference)',
        regions: [region('European Union', 'EU'), region('United States (supported models)', 'US')],
        source: 'https://docs.mistral.ai/fr/studio/regional-inference',
        note:
          'Regional inference is an optional service with dedicated endpoints; without one, the global endpoint is ' +
          'used. The control plane is not regional.',
      },
    ],
  },
  {
    producers: ['DeepSeek', 'DeepSeek AI'],
    offerings: [
      {
        vendor: 'DeepSeek',
        offering: 'DeepSeek API',
        regions: [region("People's Republic of China", 'CN')],
        source: 'https://www.wired.com/story/deepseek-ai-china-privacy-data/',
        note: 'The privacy policy says: "We store the information we collect in secure servers located in the People\'s Republic of China."',
      },
    ],
  },
  {
    producers: ['Alibaba Cloud (Qwen team)', 'Alibaba Cloud', 'Alibaba', 'Qwen'],
    offerings: [
      {
        vendor: 'Alibaba Cloud',
        offering: 'Model Studio',
        regions: [
          region('United States (Virginia, US deployment mode)', 'US'),
          region('Chinese Mainland (Beijing)', 'CN'),
          region('Hong Kong (China)', 'HK'),
          region('European Union (Frankfurt, EU deployment mode)', 'EU'),
        ],
        source: 'https://www.alibabacloud.com/help/en/model-studio/regions',
        note:
          'The Global and International deployment modes schedule inference worldwide (International excludes ' +
          'mainland China) and give no residency; models differ by region.',
      },
    ],
  },
]);

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The offerings through which a model is served as VENDOR_API: `[]` when it is not offered as VENDOR_API,
 * `null` when it is but no regions are recorded for its producer.
 */
export function vendorOfferings(model: {
  producer: string;
  hostingOptions: readonly HostingOption[];
}): VendorOffering[] | null {
  if (!model.hostingOptions.includes(HostingOption.VENDOR_API)) return [];
  const producer = normalise(model.producer);
  const entry = VENDOR_OFFERINGS.find((e) => e.producers.some((p) => normalise(p) === producer));
  return entry ? entry.offerings : null;
}

/** Every jurisdiction of the table is a known code (checked by a unit test, so a typo cannot ship). */
export function vendorRegionProblems(): string[] {
  return VENDOR_OFFERINGS.flatMap((e) =>
    e.offerings.flatMap((o) =>
      o.regions.map((r) => residencyProblem(r.jurisdictions, `${o.offering} ${r.name}`)).filter((p) => p !== null),
    ),
  ) as string[];
}
