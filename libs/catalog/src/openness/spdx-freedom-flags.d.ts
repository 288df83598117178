/**
 * Types of the SPDX licence data in @nodesecure/licenses-conformance (an ES module without its own
 * declarations for this file): per SPDX id, the licence's name and the SPDX list's OSI and FSF flags.
 */
declare module '@nodesecure/licenses-conformance/src/spdx.js' {
  export const spdx: Readonly<
    Record<string, { name: string; id: string; deprecated: boolean; osi: boolean; fsf: boolean }>
  >;
}
