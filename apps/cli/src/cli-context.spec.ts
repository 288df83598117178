import { loadConfig } from '@app/core';
import { withoutScheduledJobs } from './cli-context';

describe('operator commands', () => {
  it('open the modules without the scheduled jobs, every other setting as configured', () => {
    const config = loadConfig(
      { EXPIRY_INTERVAL_SECONDS: '60', CHECKPOINT_INTERVAL_HOURS: '6', DB_POOL_SIZE: '3' },
      { issuesTokens: false },
    );
    const cli = withoutScheduledJobs(config);
    expect(cli).toEqual({ ...config, EXPIRY_INTERVAL_SECONDS: 0, CHECKPOINT_INTERVAL_HOURS: 0 });
    expect(config.EXPIRY_INTERVAL_SECONDS).toBe(60);
  });
});
