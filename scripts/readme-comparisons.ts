/**
 * The README's "What the service says about the open and the closed option": for each demo draft, what
 * `compareOptions` answers for an open and a closed candidate, printed as the README shows it.
 *
 *   npm start                          # in another terminal: the service with its demo data
 *   npm run readme:comparisons         # prints the section's blocks (BASE_URL, default http://localhost:3000)
 *
 * The README walk-through (`npm run test:readme`) formats the running service's answers with the same
 * functions and compares them with the README's blocks, so the README cannot drift from the service.
 */
import { HostingOption } from '@app/catalog/openness';

/** A candidate of a comparison: a model by catalog name, and the deployment mode to judge it with. */
export interface Candidate {
  model: string;
  /** Omitted: the request's own deployment mode. */
  mode?: HostingOption;
}

/** One README comparison: the demo draft (by title) and its candidates, open first. */
export interface Comparison {
  title: string;
  candidates: Candidate[];
}

export const COMPARISONS: readonly Comparison[] = [
  {
    title: 'Maternal health assistant in Swahili',
    candidates: [{ model: 'Mistral 7B v0.1' }, { model: 'GPT-4o', mode: HostingOption.VENDOR_API }],
  },
  {
    title: 'Homework feedback for secondary pupils',
    candidates: [{ model: 'Llama 3.1 8B Instruct' }, { model: 'GPT-4o mini', mode: HostingOption.VENDOR_API }],
  },
  {
    title: 'Crisis information triage',
    candidates: [
      { model: 'Llama 3.1 8B Instruct', mode: HostingOption.SELF_HOSTED },
      { model: 'Llama 3.1 70B Instruct', mode: HostingOption.SELF_HOSTED },
      { model: 'GPT-4o' },
    ],
  },
  {
    title: 'Public consultation summaries',
    candidates: [{ model: 'OLMo 7B' }, { model: 'Claude 3.5 Sonnet', mode: HostingOption.VENDOR_API }],
  },
  {
    title: 'Offline field guidance for camp staff',
    candidates: [
      { model: 'Mistral 7B v0.1' },
      { model: 'Llama 3.1 70B Instruct' },
      { model: 'GPT-4o', mode: HostingOption.VENDOR_API },
    ],
  },
];

/** The operation the README shows and the comparisons are made with. */
export const COMPARE_QUERY = `query ($id: ID!, $options: [CompareOptionInput!]!) {
  compareOptions(requestId: $id, options: $options) {
    model {
      name
      weightsAccess
    }
    deploymentMode
    deploymentModeAsRequested
    feasibility {
      status
      reasons {
        field
        status
        text
      }
    }
    scored
    tier
    quorum
    requiredExpertise
    requiredConditions
    items {
      category
      likelihood
      impact
      reasons {
        code
        text
      }
    }
    findings {
      effect
      message
    }
    euAiAct {
      euAiActClass
      provisions {
        reference
        triggers {
          field
          text
        }
      }
      gpai {
        gpai
        openSourceExemption
        exemptionReasons
      }
      role {
        role
      }
    }
  }
}`;

/** An option as `COMPARE_QUERY` answers it. */
export interface AnsweredOption {
  model: { name: string; weightsAccess: string };
  deploymentMode: string | null;
  deploymentModeAsRequested: boolean;
  feasibility: { status: string; reasons: { field: string; status: string; text: string }[] };
  scored: boolean;
  tier: string | null;
  quorum: number | null;
  requiredExpertise: string[];
  requiredConditions: string[];
  items: { category: string; likelihood: number; impact: number; reasons: { code: string; text: string }[] }[];
  findings: { effect: string; message: string }[];
  euAiAct: {
    euAiActClass: string;
    provisions: { reference: string; triggers: { field: string; text: string }[] }[];
    gpai: { gpai: boolean; openSourceExemption: boolean; exemptionReasons: string[] };
    role: { role: string };
  };
}

/** How many of the highest-scoring categories each option explains. */
export const TOP_RISKS = 4;

/**
 * Categories every option explains whatever their score, because they are where open and closed weights
 * differ: who can inspect the model, who depends on whom, who carries the safety layer, where data goes.
 */
export const OPEN_VS_CLOSED: readonly string[] = ['TRANSPARENCY', 'PROVIDER_DEPENDENCY', 'MISUSE', 'DATA_PROTECTION'];

/**
 * One option as the README prints it: the headline (model, weights access, mode, tier, quorum, expertise),
 * then, when it cannot work, each broken constraint; else every category's likelihood x impact (highest
 * first), the reasons of the highest-scoring ones and of the open-vs-closed ones, the conditions an approval
 * will carry and the policy findings.
 */
export function formatOption(o: AnsweredOption): string {
  const mode = `${o.deploymentMode ?? 'no deployment mode'}${o.deploymentModeAsRequested ? '' : ', not the requested mode'}`;
  const head = `- ${o.model.name} (${o.model.weightsAccess}, ${mode})`;
  if (!o.scored) {
    const broken = o.feasibility.reasons.filter((r) => r.status !== 'FEASIBLE');
    return [`${head}: ${o.feasibility.status}`, ...broken.map((r) => `    ${r.field}: ${r.text}`)].join('\n');
  }
  const ranked = [...o.items].sort((a, b) => b.likelihood * b.impact - a.likelihood * a.impact);
  const explained = ranked.filter((i, n) => n < TOP_RISKS || OPEN_VS_CLOSED.includes(i.category));
  return [
    `${head}: tier ${o.tier}, quorum ${o.quorum}, expertise [${[...o.requiredExpertise].sort().join(', ')}]`,
    `  risks: ${ranked.map((i) => `${i.category} ${i.likelihood}x${i.impact}`).join(', ')}`,
    ...explained.map((i) => `    ${i.category}: ${i.reasons.map((r) => r.text).join(' | ')}`),
    `  EU AI Act: ${euAiAct(o.euAiAct)}`,
    ...(o.requiredConditions.length ? [`  conditions: ${o.requiredConditions.join(' || ')}`] : []),
    ...(o.findings.length ? [`  findings: ${o.findings.map((f) => `${f.effect}: ${f.message}`).join(' || ')}`] : []),
  ].join('\n');
}

/** The EU AI Act pre-screen in one line: class, provisions with their triggers, GPAI status, role. */
function euAiAct(screen: AnsweredOption['euAiAct']): string {
  const provisions = screen.provisions.map(
    (p) => `${p.reference} (${p.triggers.map((t) => `${t.field} "${t.text}"`).join(', ')})`,
  );
  const gpai = screen.gpai.gpai
    ? `general-purpose model, open-source exemption ${screen.gpai.openSourceExemption ? 'applies' : 'does not apply'}`
    : 'not a general-purpose model';
  return [
    `${screen.euAiActClass}${provisions.length ? ` by ${provisions.join(', ')}` : ''}`,
    gpai,
    `organisation is ${screen.role.role}`,
  ].join('; ');
}

/** A comparison's block as the README prints it (the text inside the fence). */
export function formatComparison(options: readonly AnsweredOption[]): string {
  return options.map(formatOption).join('\n');
}

/** The comparison's candidates as `compareOptions` options, once the model names are resolved to ids. */
export function optionsOf(comparison: Comparison, idOf: (name: string) => string) {
  return comparison.candidates.map((c) => ({ modelId: idOf(c.model), ...(c.mode ? { deploymentMode: c.mode } : {}) }));
}

type Post = (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: unknown[] }>;

/** What the service answers for each comparison, formatted; `post` sends one operation as the requester. */
export async function answerComparisons(post: Post): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  for (const comparison of COMPARISONS) {
    const found = await post(
      'query($s: String!) { adoptionRequests(filter: { search: $s }, first: 5) { edges { node { id title } } } }',
      { s: comparison.title },
    );
    const request = found.data?.adoptionRequests.edges.find((e: any) => e.node.title === comparison.title)?.node;
    if (!request) throw new Error(`no demo request titled "${comparison.title}"`);
    const ids = new Map<string, string>();
    for (const { model } of comparison.candidates) {
      const models = await post(
        'query($s: String!) { aiModels(filter: { search: $s }, first: 20) { edges { node { id name } } } }',
        { s: model },
      );
      const id = models.data?.aiModels.edges.find((e: any) => e.node.name === model)?.node.id;
      if (!id) throw new Error(`no model named "${model}" in the catalog`);
      ids.set(model, id);
    }
    const answer = await post(COMPARE_QUERY, {
      id: request.id,
      options: optionsOf(comparison, (name) => ids.get(name)!),
    });
    if (answer.errors) throw new Error(`compareOptions for "${comparison.title}": ${JSON.stringify(answer.errors)}`);
    blocks.set(comparison.title, formatComparison(answer.data.compareOptions));
  }
  return blocks;
}

async function main(): Promise<void> {
  const base = process.env.BASE_URL ?? 'http://localhost:3000';
  const call = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: unknown[] };
  };
  const login = await call('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
    e: 'requester@example.org',
    p: process.env.DEMO_PASSWORD ?? 'demo-password',
  });
  const token = login.data?.login?.accessToken as string | undefined;
  if (!token) throw new Error(`cannot sign in as requester@example.org at ${base}: ${JSON.stringify(login.errors)}`);
  for (const [title, block] of await answerComparisons((q, v) => call(q, v, token))) {
    process.stdout.write(`### ${title}\n\n\`\`\`text\n${block}\n\`\`\`\n\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
