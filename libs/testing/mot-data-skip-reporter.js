/**
 * Jest reporter: when tests were skipped because the Model Openness Tool data set is absent (see
 * `describeWithMotData` in src/mot-data.ts), ends the run with one line saying so and how to run them.
 */
const { resolve } = require('node:path');

const NEEDS_MOT_DATA = '[needs the Model Openness Tool data]';

class MotDataSkipReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    let skipped = 0;
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const marked = [...test.ancestorTitles, test.title].some((t) => t.includes(NEEDS_MOT_DATA));
        if (marked && test.status === 'pending') skipped += 1;
      }
    }
    if (skipped === 0) return;
    const dir = process.env.MOT_DATA_DIR
      ? resolve(process.env.MOT_DATA_DIR)
      : resolve(this.rootDir, '..', 'shared', 'data', 'model-openness-tool');
    process.stderr.write(
      `${skipped} tests skipped: they need the Model Openness Tool data set, not found at ${dir}; to run them, ` +
        `git clone https://github.com/lfai/model_openness_tool and set MOT_DATA_DIR to that folder.\n`,
    );
  }
}

module.exports = MotDataSkipReporter;
