import { describe, expect, it } from 'vitest';
import {
  citizenIdCheckChar,
  creditCodeCheckChar,
  divisionLevel,
  ecertCheckChar,
  isDivisionCodeFormat,
  isValidCitizenId,
  isValidCreditCode,
  isValidEcertId,
  makeCreditCode,
  organisationCodeCheckChar,
  upgradeCitizenId15,
  validateCreditCode,
} from './identifiers.js';

// Test vectors from shared/domain/standards.md.
const VALID_CITIZEN_IDS = ['11010519491231002X', '440524188001010014'];
const VALID_CREDIT_CODES = ['91350100M000100Y43', '91330100716105852F', '9144030071526726XG', '11100000000013338W'];
const VALID_ECERT_IDS = [
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
];

describe('citizen ID numbers (GB 11643-1999)', () => {
  it.each(VALID_CITIZEN_IDS)('accepts the standard vector %s', (id) => {
    expect(isValidCitizenId(id)).toBe(true);
  });

  it('rejects 110105194912310021, whose check character is wrong', () => {
    expect(isValidCitizenId('110105194912310021')).toBe(false);
  });

  it('computes the check character from the first 17 digits, including X for 10', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
    expect(citizenIdCheckChar('44052418800101001')).toBe('4');
  });

  it('rejects an impossible birth date even when the checksum matches', () => {
    const first17 = '44060719990231001'; // 31 February
    expect(isValidCitizenId(first17 + citizenIdCheckChar(first17))).toBe(false);
  });

  it('rejects a birth date in the future', () => {
    const first17 = '44060720300101001';
    const id = first17 + citizenIdCheckChar(first17);
    expect(isValidCitizenId(id, new Date(2025, 0, 1))).toBe(false);
    expect(isValidCitizenId(id, new Date(2031, 0, 1))).toBe(true);
  });

  it('accepts a leap day only in a leap year', () => {
    const leap = '44060720000229001';
    const notLeap = '44060719000229001';
    expect(isValidCitizenId(leap + citizenIdCheckChar(leap))).toBe(true);
    expect(isValidCitizenId(notLeap + citizenIdCheckChar(notLeap))).toBe(false);
  });

  it('does not reject an address code that is missing from the current division list', () => {
    const retiredAddress = '99999919800101001';
    expect(isValidCitizenId(retiredAddress + citizenIdCheckChar(retiredAddress))).toBe(true);
  });

  it('rejects wrong lengths, letters in the body and a lower-case x', () => {
    expect(isValidCitizenId('11010519491231002')).toBe(false);
    expect(isValidCitizenId('11010519491231002XX')).toBe(false);
    expect(isValidCitizenId('1101051949123A002X')).toBe(false);
    expect(isValidCitizenId('11010519491231002x')).toBe(false);
  });

  it('upgrades a 15-digit number by adding the century 19 and the check character', () => {
    expect(upgradeCitizenId15('130503670401001')).toBe('130503196704010016');
    expect(isValidCitizenId(upgradeCitizenId15('130503670401001'))).toBe(true);
  });

  it('refuses to upgrade something that is not a 15-digit number with a real date', () => {
    expect(() => upgradeCitizenId15('13050367040100')).toThrow(RangeError);
    expect(() => upgradeCitizenId15('130503671301001')).toThrow(RangeError);
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it.each(VALID_CREDIT_CODES)('accepts the standard vector %s in both layers', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true });
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(organisationCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
  });

  it('rejects 91350100M000100Y4Z: Z is not in the credit code alphabet', () => {
    expect(validateCreditCode('91350100M000100Y4Z')).toEqual({ ok: false, reason: 'charset' });
    expect(isValidCreditCode('91350100M000100Y4Z')).toBe(false);
  });

  it('reports a wrong length before anything else', () => {
    expect(validateCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('')).toEqual({ ok: false, reason: 'length' });
  });

  it('rejects the letters I, O, S, V, Z and lower case', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) {
      expect(validateCreditCode(`91350100M000100Y4${letter}`)).toEqual({ ok: false, reason: 'charset' });
    }
    expect(validateCreditCode('91350100m000100Y43')).toEqual({ ok: false, reason: 'charset' });
  });

  it('reports a broken organisation code (positions 9–17) separately from the final check', () => {
    expect(validateCreditCode('91350100M000100Y53')).toEqual({ ok: false, reason: 'organisation_check' });
  });

  it('reports a wrong final check character when the organisation code is fine', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check' });
  });

  it('maps organisation code check values 10 to X and 11 to 0', () => {
    expect(organisationCodeCheckChar('71526726')).toBe('X');
    expect(organisationCodeCheckChar('00000000')).toBe('0');
  });

  it('builds codes whose both check characters validate, for organs and enterprises alike', () => {
    const bodies = ['00704015', '0070402A', 'MA4UQ7B1', '71526726', '00000000', '99999999'];
    for (const prefix of ['11', '12', '13', '91', '92', '93']) {
      for (const body of bodies) {
        const code = makeCreditCode(prefix, '440607', body);
        expect(code).toHaveLength(18);
        expect(code.startsWith(prefix + '440607' + body)).toBe(true);
        expect(validateCreditCode(code)).toEqual({ ok: true });
      }
    }
  });

  it('rebuilds the standard vectors from their parts', () => {
    for (const code of VALID_CREDIT_CODES) {
      expect(makeCreditCode(code.slice(0, 2), code.slice(2, 8), code.slice(8, 16))).toBe(code);
    }
  });

  it('refuses to build a code from malformed parts', () => {
    expect(() => makeCreditCode('1', '440607', '00704015')).toThrow(RangeError);
    expect(() => makeCreditCode('11', '44060', '00704015')).toThrow(RangeError);
    expect(() => makeCreditCode('11', '440607', '0070401O')).toThrow(RangeError);
  });
});

describe('administrative division codes (GB/T 2260)', () => {
  it('accepts 6- and 12-digit codes under a real province', () => {
    for (const code of ['440000', '440600', '440607', '440607001000', '520100', '330100', '110105']) {
      expect(isDivisionCodeFormat(code)).toBe(true);
    }
  });

  it('rejects other lengths, non-digits and province prefixes that do not exist', () => {
    for (const code of ['44060', '4406070', '44060700100', '44060a', '990000', '000000', '190000', '440607001000 ']) {
      expect(isDivisionCodeFormat(code)).toBe(false);
    }
  });

  it('reads the level from the trailing zeros', () => {
    expect(divisionLevel('440000')).toBe('province');
    expect(divisionLevel('440600')).toBe('prefecture');
    expect(divisionLevel('440607')).toBe('county');
    expect(divisionLevel('440607001000')).toBe('town');
    expect(divisionLevel('440607101201')).toBe('village');
  });

  it('treats a 12-digit code padded with zeros like its 6-digit form', () => {
    expect(divisionLevel('440000000000')).toBe('province');
    expect(divisionLevel('440600000000')).toBe('prefecture');
    expect(divisionLevel('440607000000')).toBe('county');
  });

  it('throws for something that is not a division code', () => {
    expect(() => divisionLevel('12345')).toThrow(RangeError);
  });
});

describe('e-certificate identifiers (GB/T 36904-2018)', () => {
  it.each(VALID_ECERT_IDS)('accepts the standard vector %s', (id) => {
    expect(isValidEcertId(id)).toBe(true);
  });

  it('computes the MOD 37,36 check over type, issuer, serial and version without dots', () => {
    expect(ecertCheckChar('11100000000013338W011' + '11430000006122244L' + '20230000403' + '001')).toBe('U');
    expect(ecertCheckChar('11100000000013338W009' + '11330105002500287C' + '2025052201' + '002')).toBe('0');
  });

  it('rejects a changed check character, serial or version', () => {
    const [first] = VALID_ECERT_IDS;
    expect(isValidEcertId(first.slice(0, -1) + 'V')).toBe(false);
    expect(isValidEcertId(first.replace('20230000403', '20230000404'))).toBe(false);
    expect(isValidEcertId(first.replace('.001.U', '.002.U'))).toBe(false);
  });

  it('rejects a wrong prefix or a malformed structure', () => {
    const [first] = VALID_ECERT_IDS;
    expect(isValidEcertId(first.replace('1.2.156.3005.2.', '1.2.156.3005.3.'))).toBe(false);
    expect(isValidEcertId(first.replace('W011.', 'W11.'))).toBe(false);
    expect(isValidEcertId(first.replace('.001.', '.01.'))).toBe(false);
    expect(isValidEcertId(first.toLowerCase())).toBe(false);
  });

  it('round-trips identifiers generated for the demo district', () => {
    const typeCode = makeCreditCode('11', '440607', '00704015') + '012';
    const issuer = makeCreditCode('11', '440607', '00704023');
    for (const serial of ['1', '2024000001', 'A9Z']) {
      const body = typeCode + issuer + serial + '001';
      const id = `1.2.156.3005.2.${typeCode}.${issuer}.${serial}.001.${ecertCheckChar(body)}`;
      expect(isValidEcertId(id)).toBe(true);
    }
  });
});
