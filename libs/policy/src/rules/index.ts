/** Policy rules: definitions, the CEL context, validation on save, bounded evaluation and the baseline. */
export * from './policy-rule';
export * from './policy-context';
export * from './condition-cost';
export * from './rule-validation';
export * from './rule-evaluation';
export * from './baseline-policy';
