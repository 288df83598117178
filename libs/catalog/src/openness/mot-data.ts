import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MOT_RECORD_MAX_BYTES, MotRecordError, parseMotRecord, type MotRecord } from './mot-record';

/** A record read from a file of the tool's `models/` folder. */
export interface MotRecordFile {
  /** File name within `models/`, e.g. `OLMo-7B.yml`. */
  file: string;
  record: MotRecord;
}

/** The records of a data folder, and the files refused with the reason. */
export interface MotRecordSet {
  records: MotRecordFile[];
  errors: { file: string; error: MotRecordError }[];
}

/**
 * Reads every `models/*.yml` record of a Model Openness Tool data folder (e.g. MOT_DATA_DIR), in file-name
 * order. A bad file does not stop the others: it is reported in `errors`. Oversize files are refused from
 * their size on disk, without being read.
 */
export function readMotRecords(dir: string): MotRecordSet {
  const modelsDir = join(dir, 'models');
  const files = readdirSync(modelsDir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort();
  const set: MotRecordSet = { records: [], errors: [] };
  for (const file of files) {
    const path = join(modelsDir, file);
    try {
      const size = statSync(path).size;
      if (size > MOT_RECORD_MAX_BYTES) {
        throw new MotRecordError(`document is ${size} bytes, over the limit of ${MOT_RECORD_MAX_BYTES}`);
      }
      set.records.push({
        file,
        record: parseMotRecord(readFileSync(path, 'utf8')),
      });
    } catch (e) {
      set.errors.push({
        file,
        error: e instanceof MotRecordError ? e : new MotRecordError((e as Error).message),
      });
    }
  }
  return set;
}
