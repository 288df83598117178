import { parentPort } from 'node:worker_threads';
import { ChainBatch, verifyChainBatch } from './audit-chain.reader';

/** A thread of AuditHashWorkers: verifies each batch it is sent and answers with the segment, or the error. */
parentPort!.on('message', (batch: ChainBatch) => {
  try {
    parentPort!.postMessage({ segment: verifyChainBatch(batch) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
