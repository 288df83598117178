/**
 * JSON that keeps the two non-JSON values a resolver result carries: dates (timestamptz columns) and
 * big integers (bigint columns read as such). `JSON.stringify` alone turns a Date into a string, and a
 * replayed result then fails where the schema expects a DateTime; a BigInt makes it throw. Each such
 * value is written as `{ "$type": "Date" | "BigInt", "value": "..." }` and revived by `parseTyped` as a
 * value of this realm (so `instanceof Date` holds). Anything else round-trips as JSON does: an
 * undefined property is left out, which a GraphQL field renders as null just the same.
 */
const TYPE = '$type';

type Tagged = { [TYPE]: 'Date' | 'BigInt'; value: string };

export function stringifyTyped(value: unknown): string {
  return JSON.stringify(value ?? null, function (this: Record<string, unknown>, key: string, json: unknown) {
    // `json` has been through Date#toJSON already; the holder still has the value as it was.
    const raw = this[key];
    if (Object.prototype.toString.call(raw) === '[object Date]') {
      return { [TYPE]: 'Date', value: (raw as Date).toISOString() } satisfies Tagged;
    }
    if (typeof raw === 'bigint') return { [TYPE]: 'BigInt', value: raw.toString() } satisfies Tagged;
    if (isTagged(json)) throw new TypeError(`an object with a "${TYPE}" key cannot be kept faithfully`);
    return json;
  });
}

export function parseTyped(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isTagged(value)) return value;
    return value[TYPE] === 'Date' ? new Date(value.value) : BigInt(value.value);
  });
}

function isTagged(value: unknown): value is Tagged {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    ((value as Tagged)[TYPE] === 'Date' || (value as Tagged)[TYPE] === 'BigInt') &&
    typeof (value as Tagged).value === 'string' &&
    Object.keys(value).length === 2
  );
}
