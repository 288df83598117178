/**
 * The audit library's test fixtures (`@app/audit/testing`): chains hashed with the service's own `hashEvent`,
 * for the end-to-end suites that load a chain into a database. Test code only: never imported by a service.
 */
export * from './checkpoint/audit-export.test-support';
