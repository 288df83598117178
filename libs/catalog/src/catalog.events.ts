/** Published after commit when a model changes in a way that invalidates approvals that relied on it. */
export const MODEL_MATERIALLY_CHANGED = 'catalog.model.materially-changed';

export interface ModelMateriallyChangedEvent {
  organisationId: string;
  modelId: string;
  modelName: string;
  /** The material fields that changed, each with its old and new value. */
  changes: Record<string, { from: unknown; to: unknown }>;
  /** The request id of the change, so reactions can be correlated in the audit log. */
  correlationId: string;
}
