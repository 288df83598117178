import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Marks the title of tests that need the Model Openness Tool data set; the data-skip reporter counts them. */
export const NEEDS_MOT_DATA = '[needs the Model Openness Tool data]';

/**
 * The Model Openness Tool data set (third-party, read in place, never copied into this repository):
 * MOT_DATA_DIR when set, else `../shared/data/model-openness-tool` beside the repository, the same
 * default the configuration uses when the service is started from the repository root.
 */
export const MOT_DATA_DIR = process.env.MOT_DATA_DIR
  ? resolve(process.env.MOT_DATA_DIR)
  : resolve(__dirname, '..', '..', '..', '..', 'shared', 'data', 'model-openness-tool');

/** Whether the folder holds what the tests read: the records, the licence lists and the framework settings. */
export const MOT_DATA_PRESENT = ['models', 'licenses.json', 'mof-licenses.json', 'mof.settings.yml'].every((entry) =>
  existsSync(join(MOT_DATA_DIR, entry)),
);

// A folder named explicitly, or a run that must not skip (CI sets MOT_DATA_REQUIRED=1), fails loudly
// instead of quietly skipping the tests.
if (!MOT_DATA_PRESENT && (process.env.MOT_DATA_DIR || process.env.MOT_DATA_REQUIRED === '1')) {
  throw new Error(
    `The Model Openness Tool data set is not at ${MOT_DATA_DIR} (it needs models/, licenses.json, ` +
      `mof-licenses.json and mof.settings.yml): set MOT_DATA_DIR to a copy of https://github.com/lfai/model_openness_tool`,
  );
}

// Chosen once, when the tests load; a skipped block is reported by the data-skip reporter, not left behind.
const describeOrSkip = MOT_DATA_PRESENT ? describe : describe.skip;
const itOrSkip = MOT_DATA_PRESENT ? it : it.skip;
const titled = (name: string): string => (MOT_DATA_PRESENT ? name : `${name} ${NEEDS_MOT_DATA}`);

/**
 * `describe` when the data set is present; otherwise the block is skipped and its title carries
 * {@link NEEDS_MOT_DATA}, so the run ends with one line saying why and how to enable it. Jest still runs
 * the block's body to collect its tests: read the data in `beforeAll` or in the tests, not in the body.
 */
export const describeWithMotData = (name: string, fn: () => void): void => describeOrSkip(titled(name), fn);

/** `it` when the data set is present; otherwise a skipped test whose title carries {@link NEEDS_MOT_DATA}. */
export const itWithMotData = (name: string, fn: jest.ProvidesCallback, timeout?: number): void =>
  itOrSkip(titled(name), fn, timeout);
