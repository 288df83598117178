import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spdx as spdxFreedomFlags } from '@nodesecure/licenses-conformance/src/spdx.js';
import spdxLicenseList from 'spdx-license-list';
import type { MofContentType } from './mof-settings';

/**
 * Open data licences the Model Openness Tool accepts as open although the SPDX list flags them neither
 * OSI-approved nor FSF-libre (the tool's fixed list; a fact of the MOF 1.0 evaluation, kept in code).
 */
export const OPEN_DATA_LICENCE_IDS: readonly string[] = Object.freeze([
  'CC0-1.0',
  'CC-BY-1.0',
  'CC-BY-2.0',
  'CC-BY-2.5',
  'CC-BY-2.5-AU',
  'CC-BY-3.0',
  'CC-BY-3.0-AT',
  'CC-BY-3.0-AU',
  'CC-BY-3.0-DE',
  'CC-BY-3.0-IGO',
  'CC-BY-3.0-NL',
  'CC-BY-3.0-US',
  'CC-BY-4.0',
  'CC-BY-SA-1.0',
  'CC-BY-SA-2.0',
  'CC-BY-SA-2.0-UK',
  'CC-BY-SA-2.1-JP',
  'CC-BY-SA-2.5',
  'CC-BY-SA-3.0',
  'CC-BY-SA-3.0-AT',
  'CC-BY-SA-4.0',
  'CDLA-Permissive-1.0',
  'CDLA-Permissive-2.0',
  'CDLA-Sharing-1.0',
  'ODC-PDDL-1.0',
  'ODC-By-1.0',
  'ODbL-1.0',
  'GFDL-1.3',
  'OGL-Canada-2.0',
  'OGL-UK-2.0',
  'OGL-UK-3.0',
]);

/** The Open Model, Data & Weights licence (LF AI & Data), which the tool accepts for every content type. */
export const OPENMDW_LICENCE_ID = 'OpenMDW-1.0';

/** Where a registry's licence facts come from. */
export type LicenceRegistrySource = 'mot-data' | 'spdx-package' | 'custom';

/** Which rule made a licence open (first match, in the tool's order), or why it is not. */
export type LicenceBasis = 'osi-approved' | 'fsf-libre' | 'open-data' | 'openmdw' | 'not-open' | 'unknown-id';

/** The registry's answer for one licence id, with its reasoning. */
export interface LicenceDecision {
  licenseId: string;
  open: boolean;
  basis: LicenceBasis;
  source: LicenceRegistrySource;
}

/** What the registry knows about one licence id. */
export interface LicenceEntry {
  id: string;
  name?: string;
  osiApproved: boolean;
  fsfLibre: boolean;
  /** Content types the licence suits; `undefined` when the source does not say. */
  contentTypes?: readonly MofContentType[];
}

const OPEN_DATA = new Set(OPEN_DATA_LICENCE_IDS);

/**
 * Decides whether a licence id is open in the sense of the Model Openness Framework, as the Model Openness
 * Tool does: OSI-approved, FSF-libre, an open data licence, or OpenMDW-1.0. Ids match exactly (the tool
 * compares strings as written), so names such as `Llama 2 Community License` or `Apache 2.0` are not open.
 */
export class LicenceRegistry {
  private readonly byLowerId = new Map<string, string>();
  private readonly byLowerName = new Map<string, string>();

  private constructor(
    private readonly entries: ReadonlyMap<string, LicenceEntry>,
    /** Where the facts come from, reported with every decision. */
    readonly source: LicenceRegistrySource,
  ) {
    for (const entry of entries.values()) {
      this.byLowerId.set(entry.id.toLowerCase(), entry.id);
      if (entry.name) this.byLowerName.set(entry.name.toLowerCase(), entry.id);
    }
  }

  /**
   * Builds the registry from the tool's licence lists in `dir`: `licenses.json` (SPDX list with OSI and FSF
   * flags), then `mof-licenses.json`, whose entries replace those with the same id and add content types.
   *
   * @throws Error when a file is missing or not in the expected shape.
   */
  static fromMotData(dir: string): LicenceRegistry {
    const entries = new Map<string, LicenceEntry>();
    for (const raw of readLicenceList(join(dir, 'licenses.json'))) entries.set(raw.id, raw);
    const overrides = new Map<string, LicenceEntry>();
    for (const raw of readLicenceList(join(dir, 'mof-licenses.json'))) {
      // mof-licenses.json lists an id once per content type (e.g. CC0-1.0 for data and for documents).
      const previous = overrides.get(raw.id);
      const contentTypes = [...new Set([...(previous?.contentTypes ?? []), ...(raw.contentTypes ?? [])])];
      overrides.set(raw.id, { ...raw, contentTypes });
    }
    // Licences only in licenses.json keep no content types: the tool lists them for none (see suitsContentType).
    for (const [id, entry] of overrides) entries.set(id, entry);
    return new LicenceRegistry(entries, 'mot-data');
  }

  /**
   * Builds the registry from SPDX data packages, for when no copy of the tool's data exists: OSI flags and
   * names from spdx-license-list, FSF-libre flags from @nodesecure/licenses-conformance (the SPDX list's
   * `isFsfLibre`, which spdx-license-list does not carry). Content types are not known, so content-type
   * warnings are not produced.
   *
   * Both versions are pinned in package.json: spdx-license-list 6.9.0 is the release whose OSI flags agree
   * with the tool's licence lists (later releases flag W3C-20150513 OSI-approved, which the tool's
   * `licenses.json` does not yet). A unit test checks, for every id of the tool's two lists, that this
   * registry calls a licence open exactly when the tool does, so an upgrade that drifts is caught.
   */
  static fromSpdxPackage(): LicenceRegistry {
    const entries = new Map<string, LicenceEntry>();
    for (const [id, info] of Object.entries(spdxLicenseList)) {
      entries.set(id, { id, name: info.name, osiApproved: info.osiApproved === true, fsfLibre: false });
    }
    for (const [id, flags] of Object.entries(spdxFreedomFlags)) {
      const known = entries.get(id);
      entries.set(id, {
        id,
        name: known?.name ?? flags.name,
        osiApproved: known ? known.osiApproved : flags.osi === true,
        fsfLibre: flags.fsf === true,
      });
    }
    return new LicenceRegistry(entries, 'spdx-package');
  }

  /** A registry over explicit entries (for tests and for deployments with their own list). */
  static fromEntries(entries: Iterable<LicenceEntry>, source: LicenceRegistrySource = 'custom'): LicenceRegistry {
    return new LicenceRegistry(new Map([...entries].map((e) => [e.id, e])), source);
  }

  /** Whether the licence id counts as open for the Model Openness Framework. */
  isOpen(licenseId: string | null | undefined): boolean {
    return licenseId ? this.decide(licenseId).open : false;
  }

  /** Whether the licence is open and why, checking the rules in the tool's order. */
  decide(licenseId: string): LicenceDecision {
    const entry = this.entries.get(licenseId);
    const answer = (open: boolean, basis: LicenceBasis): LicenceDecision => ({
      licenseId,
      open,
      basis,
      source: this.source,
    });
    if (entry?.osiApproved) return answer(true, 'osi-approved');
    if (entry?.fsfLibre) return answer(true, 'fsf-libre');
    if (OPEN_DATA.has(licenseId)) return answer(true, 'open-data');
    if (licenseId === OPENMDW_LICENCE_ID) return answer(true, 'openmdw');
    return answer(false, entry ? 'not-open' : 'unknown-id');
  }

  /** Whether the exact id is flagged OSI-approved (the Open Source AI Definition's test for code). */
  isOsiApproved(licenseId: string | null | undefined): boolean {
    return licenseId ? this.entries.get(licenseId)?.osiApproved === true : false;
  }

  /**
   * Whether the licence suits the content type: listed for it in the tool's `mof-licenses.json`, an open
   * data licence used for data, or OpenMDW. `undefined` when the registry has no content-type facts.
   */
  suitsContentType(licenseId: string, contentType: MofContentType): boolean | undefined {
    if (licenseId === OPENMDW_LICENCE_ID) return true;
    if (contentType === 'data' && OPEN_DATA.has(licenseId)) return true;
    const types = this.entries.get(licenseId)?.contentTypes;
    // The tool's lists name every licence they accept for a content type; other sources may not say.
    if (types === undefined) return this.source === 'mot-data' ? false : undefined;
    return types.includes(contentType);
  }

  /**
   * Finds the SPDX id a loosely written licence refers to: the id itself, the id in another case, or the
   * licence's full name (`MIT License`, `Apache License 2.0`). For labelling only; classification stays exact.
   */
  resolveId(nameOrId: string): string | undefined {
    const text = nameOrId.trim();
    if (this.entries.has(text)) return text;
    const lower = text.toLowerCase();
    return this.byLowerId.get(lower) ?? this.byLowerName.get(lower);
  }
}

function readLicenceList(file: string): LicenceEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read licence list: ${(e as Error).message}`, { cause: e });
  }
  const list = (parsed as { licenses?: unknown } | null)?.licenses;
  if (!Array.isArray(list)) throw new Error(`${file}: expected an object with a "licenses" list`);
  return list.map((raw: unknown, i) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof item.licenseId !== 'string' || item.licenseId === '') {
      throw new Error(`${file}: licenses[${i}].licenseId must be a non-empty string`);
    }
    const types = item.ContentType === undefined ? undefined : [item.ContentType].flat();
    if (types && !types.every((t) => t === 'code' || t === 'data' || t === 'document')) {
      throw new Error(`${file}: licenses[${i}].ContentType must be code, data or document`);
    }
    return {
      id: item.licenseId,
      name: typeof item.name === 'string' ? item.name : undefined,
      // The tool tests the flags with `=== true`; an absent flag means "not flagged".
      osiApproved: item.isOsiApproved === true,
      fsfLibre: item.isFsfLibre === true,
      contentTypes: types as MofContentType[] | undefined,
    };
  });
}
