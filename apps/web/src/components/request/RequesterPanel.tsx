/** What the requester does on their request's page (edit, compare, submit, withdraw, resubmit after changes). */
export function RequesterPanel(_props: { requestId: string }) {
  return null;
}
