/**
 * Shared fixtures for the openness unit tests (not a spec itself; jest only runs *.spec.ts).
 * The tests read the project's own small data folder (fixtures/mot-data); those over the tool's real data
 * set use `describeWithMotData` from @app/testing/mot-data and run when it is present.
 */
import { join } from 'node:path';
import { LicenceRegistry } from './licence-registry';
import type { MotComponent, MotRecord } from './mot-record';

/** A small data folder in the tool's format, written for these tests (see fixtures/mot-data/README.md). */
export const MOT_FIXTURE_DIR = join(__dirname, 'fixtures', 'mot-data');

/** The fixture records by file name. */
export const FIXTURE_FILES = [
  'Community-Weights-8B.yml',
  'Open-Model-1B.yml',
  'Open-Science-7B.yml',
  'Open-Tooling-3B.yml',
  'Paper-Only-API.yml',
] as const;

/** A component as a record lists it; `license` omitted means the key is absent. */
export function listed(name: string, ...license: [] | [string | null]): MotComponent {
  return {
    name,
    description: null,
    license: license.length === 0 ? undefined : license[0],
    licensePath: null,
    componentPath: null,
  };
}

/** A minimal valid record; the global licence defaults to none. */
export function makeRecord(components: MotComponent[], license: Partial<MotRecord['license']> = {}): MotRecord {
  const none = { distribution: null, code: null, data: null, document: null };
  return {
    framework: {
      name: 'Model Openness Framework',
      version: '1.0',
      date: '2024-12-15',
    },
    name: 'Test model',
    version: null,
    date: null,
    type: 'language',
    architecture: null,
    treatment: null,
    origin: null,
    producer: 'ACME',
    contact: null,
    repository: null,
    huggingface: null,
    license: { ...none, ...license },
    licensePaths: none,
    components,
  };
}

/** A small registry with known facts, so rule tests do not depend on the tool's lists. */
export function testRegistry(): LicenceRegistry {
  return LicenceRegistry.fromEntries([
    { id: 'MIT', osiApproved: true, fsfLibre: true, contentTypes: ['code'] },
    {
      id: 'Apache-2.0',
      osiApproved: true,
      fsfLibre: true,
      contentTypes: ['code', 'document'],
    },
    {
      id: 'CC-BY-4.0',
      osiApproved: false,
      fsfLibre: true,
      contentTypes: ['document'],
    },
    {
      id: 'CDLA-Permissive-2.0',
      osiApproved: false,
      fsfLibre: false,
      contentTypes: ['data'],
    },
    {
      id: 'CC-BY-NC-4.0',
      osiApproved: false,
      fsfLibre: false,
      contentTypes: [],
    },
  ]);
}

/** Names of the required components per class of MOF 1.0 (class III first). */
export const CLASS_III = [
  'Model architecture',
  'Model parameters (Final)',
  'Evaluation results',
  'Model card',
  'Data card',
  'Technical report',
];
export const CLASS_II = ['Training code', 'Inference code', 'Evaluation code', 'Evaluation data'];
export const CLASS_I = ['Datasets', 'Data preprocessing code', 'Model parameters (Intermediate)', 'Research paper'];

/** Every required component listed with an open licence suited to it. */
export function fullyOpenComponents(): MotComponent[] {
  const licence: Record<string, string> = {
    'Model parameters (Final)': 'CDLA-Permissive-2.0',
    'Model parameters (Intermediate)': 'CDLA-Permissive-2.0',
    Datasets: 'CDLA-Permissive-2.0',
    'Evaluation data': 'CDLA-Permissive-2.0',
    'Evaluation results': 'CC-BY-4.0',
    'Model card': 'CC-BY-4.0',
    'Data card': 'CC-BY-4.0',
    'Technical report': 'CC-BY-4.0',
    'Research paper': 'CC-BY-4.0',
  };
  return [...CLASS_III, ...CLASS_II, ...CLASS_I].map((name) => listed(name, licence[name] ?? 'MIT'));
}
