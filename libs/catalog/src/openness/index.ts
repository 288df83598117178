/** Model openness: MOT records, the Model Openness Framework classifier, OSAID and release-level rules. */
export * from './openness.types';
export * from './mof-settings';
export * from './mot-record';
export * from './mot-data';
export * from './licence-registry';
export * from './licence-table';
export * from './mof-classifier';
export * from './osaid';
export * from './weights-access';
export * from './jurisdictions';
