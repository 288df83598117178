/** The framework-free core of the adoption request workflow: states, transition table, approval rules. */
export * from './adoption-status';
export * from './workflow-transition';
export * from './workflow-validation';
export * from './adoption-workflow';
export * from './approval-rules';
export * from './reference';
