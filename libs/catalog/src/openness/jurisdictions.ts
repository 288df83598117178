/**
 * Jurisdictions where data may be processed: the ISO 3166-1 alpha-2 country codes, the regions EU and EEA,
 * and ANY (no restriction). A request lists the jurisdictions it allows (its data residency); a vendor
 * offering lists, for each region a customer can choose, the jurisdictions where that region processes data.
 */

/** ISO 3166-1 alpha-2: the 249 officially assigned codes (https://www.iso.org/iso-3166-country-codes.html). */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
    'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK ' +
    'FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR ' +
    'IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ' +
    'ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF ' +
    'TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** The 27 member states of the European Union (https://european-union.europa.eu/principles-countries-history/eu-countries_en). */
export const EU_MEMBERS: readonly string[] = Object.freeze(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
);

/** The European Economic Area: the EU with Iceland, Liechtenstein and Norway (where the GDPR applies). */
export const EEA_MEMBERS: readonly string[] = Object.freeze([...EU_MEMBERS, 'IS', 'LI', 'NO']);

/** Region codes a residency list may use besides country codes, with the countries they cover. */
export const REGION_CODES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  EU: EU_MEMBERS,
  EEA: EEA_MEMBERS,
});

/** No restriction: data may be processed in any jurisdiction. Alone in a residency list. */
export const ANY_JURISDICTION = 'ANY';

/** Whether `code` is a country code, a region code or ANY. */
export function isJurisdiction(code: string): boolean {
  return code === ANY_JURISDICTION || ISO_3166_ALPHA2.has(code) || code in REGION_CODES;
}

/**
 * What is wrong with a residency list, naming the first bad value, or `null` when it is valid.
 * @example residencyProblem(['EU', 'XX']) // "dataResidency: XX is not an ISO 3166-1 alpha-2 code ..."
 */
export function residencyProblem(codes: readonly string[], field = 'dataResidency'): string | null {
  const bad = codes.find((c) => !isJurisdiction(c));
  if (bad !== undefined) {
    return (
      `${field}: ${JSON.stringify(bad)} is not an ISO 3166-1 alpha-2 country code (e.g. KE, DE, US), ` +
      `a region code (${Object.keys(REGION_CODES).join(', ')}) or ${ANY_JURISDICTION}`
    );
  }
  if (codes.includes(ANY_JURISDICTION) && codes.length > 1) {
    return `${field}: ${ANY_JURISDICTION} allows every jurisdiction and cannot be combined with others`;
  }
  return null;
}

/**
 * Whether processing in `place` (a country or region code) stays within the `allowed` jurisdictions: a country
 * is within itself and the regions it belongs to; a region is within a jurisdiction only when all its countries
 * are (the EU is within the EEA; the EEA is not within the EU).
 */
export function withinJurisdictions(place: string, allowed: readonly string[]): boolean {
  if (allowed.includes(ANY_JURISDICTION)) return true;
  const countries = REGION_CODES[place] ?? [place];
  return countries.every((country) =>
    allowed.some((a) => a === country || (REGION_CODES[a]?.includes(country) ?? false)),
  );
}
