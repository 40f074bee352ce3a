// Checksums and format rules of the Chinese identifiers the platform accepts (see shared standards notes):
// citizen ID numbers (GB 11643-1999), unified social credit codes (GB 32100-2015, with the GB 11714
// organisation code inside), administrative division codes (GB/T 2260) and e-certificate identifiers
// (GB/T 36904-2018). Pure functions: no I/O, no dependencies, safe to use in the browser too.

// ---------------------------------------------------------------------------------------------------------
// Citizen ID number (公民身份号码, GB 11643-1999)
// ---------------------------------------------------------------------------------------------------------

const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CITIZEN_ID_CHECK_CHARS = '10X98765432';
// Nobody alive or recently deceased was born before this; older dates are typing errors.
const EARLIEST_BIRTH_YEAR = 1800;

/** The check character (0–9 or X) for the first 17 digits of a citizen ID number. */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('citizenIdCheckChar expects exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CITIZEN_ID_WEIGHTS[i];
  return CITIZEN_ID_CHECK_CHARS[sum % 11];
}

function isRealPastDate(year: number, month: number, day: number, today: Date): boolean {
  if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March; a real date survives the round trip unchanged.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return false;
  }
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return date.getTime() <= todayUtc;
}

/**
 * An 18-character citizen ID number with a correct check character and a real birth date that is not in the
 * future. The address code is deliberately not looked up: retired division codes stay valid in old numbers.
 * The check character must be an upper-case X; callers normalise user input before validating.
 */
export function isValidCitizenId(id: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isRealPastDate(year, month, day, today)) return false;
  return citizenIdCheckChar(id.slice(0, 17)) === id[17];
}

/**
 * Converts a 15-digit number (issued before 1999, birth year without century) into the 18-digit form:
 * every holder of a 15-digit number was born in the 1900s, so the century is always 19.
 */
export function upgradeCitizenId15(id15: string): string {
  if (!/^\d{15}$/.test(id15)) {
    throw new RangeError('upgradeCitizenId15 expects exactly 15 digits');
  }
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  const year = Number(first17.slice(6, 10));
  const month = Number(first17.slice(10, 12));
  const day = Number(first17.slice(12, 14));
  if (!isRealPastDate(year, month, day, new Date())) {
    throw new RangeError('the 15-digit number does not contain a real birth date');
  }
  return first17 + citizenIdCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码, GB 32100-2015) and organisation code (GB 11714)
// ---------------------------------------------------------------------------------------------------------

// I, O, S, V and Z are left out so that they cannot be confused with 1, 0, 5, U and 2.
const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character (position 18) for the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar expects 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`"${first17[i]}" is not in the credit code alphabet`);
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

// GB 11714 values letters by their place in the full Latin alphabet (A = 10 … Z = 35), not by their place in
// the credit code alphabet, so the two layers must not share a lookup table.
function organisationCharValue(char: string): number {
  if (/^\d$/.test(char)) return Number(char);
  if (/^[A-Z]$/.test(char)) return char.charCodeAt(0) - 55;
  throw new RangeError(`"${char}" is not a valid organisation code character`);
}

/** The 9th character of an organisation code (GB 11714) from its 8-character body. */
export function organisationCodeCheckChar(first8: string): string {
  if (first8.length !== 8) throw new RangeError('organisationCodeCheckChar expects 8 characters');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += organisationCharValue(first8[i]) * ORGANISATION_CODE_WEIGHTS[i];
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

export type CreditCodeProblem = 'length' | 'charset' | 'organisation_check' | 'check';
export type CreditCodeValidation = { ok: true } | { ok: false; reason: CreditCodeProblem };

const CREDIT_CODE_PATTERN = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

/**
 * Validates both layers of a credit code: the embedded organisation code (positions 9–17) and the code's own
 * check character (position 18). The reason tells the user which part to look at again.
 */
export function validateCreditCode(code: string): CreditCodeValidation {
  if (code.length !== 18) return { ok: false, reason: 'length' };
  if (!CREDIT_CODE_PATTERN.test(code)) return { ok: false, reason: 'charset' };
  if (organisationCodeCheckChar(code.slice(8, 16)) !== code[16]) {
    return { ok: false, reason: 'organisation_check' };
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, reason: 'check' };
  return { ok: true };
}

export function isValidCreditCode(code: string): boolean {
  return validateCreditCode(code).ok;
}

/**
 * Builds a complete credit code from its parts: registration authority and subject type (e.g. '11' government
 * organ, '91' enterprise), the 6-digit division code of the registering authority, and the 8-character
 * organisation code body. Both check characters are appended. Meant for demo and test data.
 */
export function makeCreditCode(prefix2: string, region6: string, orgBody8: string): string {
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{2}$/.test(prefix2)) {
    throw new RangeError('prefix2 must be 2 characters of the credit code alphabet');
  }
  if (!/^\d{6}$/.test(region6)) throw new RangeError('region6 must be a 6-digit division code');
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{8}$/.test(orgBody8)) {
    throw new RangeError('orgBody8 must be 8 characters of the credit code alphabet');
  }
  const first17 = prefix2 + region6 + orgBody8 + organisationCodeCheckChar(orgBody8);
  return first17 + creditCodeCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------------------
// Administrative division code (行政区划代码, GB/T 2260; 12 digits down to village as service platforms use)
// ---------------------------------------------------------------------------------------------------------

// Province-level prefixes in use: north, north-east, east, south-central, south-west, north-west, then Taiwan,
// Hong Kong and Macao.
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** 6 or 12 digits starting with a province prefix that exists. Says nothing about whether the code is current. */
export function isDivisionCodeFormat(code: string): boolean {
  return /^(\d{6}|\d{12})$/.test(code) && PROVINCE_PREFIXES.has(code.slice(0, 2));
}

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'town' | 'village';

/** The level a division code names, read from its trailing zeros (440000 province … 440607001001 village). */
export function divisionLevel(code: string): DivisionLevel {
  if (!isDivisionCodeFormat(code)) throw new RangeError(`"${code}" is not a division code`);
  if (code.length === 12) {
    if (code.slice(6) === '000000') return divisionLevel(code.slice(0, 6));
    return code.slice(9) === '000' ? 'town' : 'village';
  }
  if (code.slice(2) === '0000') return 'province';
  if (code.slice(4) === '00') return 'prefecture';
  return 'county';
}

// ---------------------------------------------------------------------------------------------------------
// E-certificate identifier (电子证照标识, GB/T 36904-2018)
// ---------------------------------------------------------------------------------------------------------

const ECERT_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ECERT_PREFIX = '1.2.156.3005.2.';

/**
 * ISO/IEC 7064 MOD 37,36 check character over type code + issuer code + serial + version, without the dots.
 */
export function ecertCheckChar(body: string): string {
  if (body.length === 0) throw new RangeError('ecertCheckChar expects a non-empty body');
  let product = 36;
  for (const char of body) {
    const value = ECERT_ALPHABET.indexOf(char);
    if (value < 0) throw new RangeError(`"${char}" is not allowed in an e-certificate identifier`);
    let sum = (product + value) % 36;
    if (sum === 0) sum = 36;
    product = (2 * sum) % 37;
  }
  return ECERT_ALPHABET[(37 - product) % 36];
}

// 1.2.156.3005.2.<type code: 18-char credit code + 3 digits>.<issuer credit code>.<serial>.<version>.<check>
const ECERT_PATTERN = /^1\.2\.156\.3005\.2\.([0-9A-Z]{18}\d{3})\.([0-9A-Z]{18})\.([0-9A-Z]+)\.(\d{3})\.([0-9A-Z])$/;

/** A well-formed e-certificate identifier whose check character matches. */
export function isValidEcertId(id: string): boolean {
  if (!id.startsWith(ECERT_PREFIX)) return false;
  const match = ECERT_PATTERN.exec(id);
  if (!match) return false;
  const [, typeCode, issuerCode, serial, version, check] = match;
  return ecertCheckChar(typeCode + issuerCode + serial + version) === check;
}
