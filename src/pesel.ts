/** PESEL: 11 digits RRMMDDPPPPK (DOMAIN.md §6.1). */
import { isValidYmd, ymd, type IsoDate } from './dates.js';

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

export function isPeselShape(p: string): boolean {
  return /^\d{11}$/.test(p);
}

export function peselChecksumOk(p: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (p.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return (10 - (sum % 10)) % 10 === p.charCodeAt(10) - 48;
}

/** Birth date encoded in a PESEL (month carries the century), or null when impossible. */
export function peselBirthDate(p: string): IsoDate | null {
  const yy = Number(p.slice(0, 2));
  let mm = Number(p.slice(2, 4));
  const dd = Number(p.slice(4, 6));
  const century = [1900, 2000, 2100, 2200, 1800][Math.floor(mm / 20)];
  if (century === undefined) return null;
  mm %= 20;
  const y = century + yy;
  return isValidYmd(y, mm, dd) ? ymd(y, mm, dd) : null;
}

/** Sex from the 10th digit: even → K (kobieta), odd → M (mężczyzna). */
export function peselSex(p: string): 'K' | 'M' {
  return (p.charCodeAt(9) - 48) % 2 === 0 ? 'K' : 'M';
}

/**
 * An identifier Excel rounded: shown in scientific notation (`8,80312E+10`, what a CSV saved by
 * Excel holds), or the number such a notation stands for (`88031200000`: past the sixth digit
 * only zeros). The lost digits cannot be read back.
 */
export function looksRounded(text: string): boolean {
  if (/^\d(?:[.,]\d+)?E\+?\d{1,2}$/i.test(text)) return true;
  return (text.length === 10 || text.length === 11) && /^[1-9]\d{0,5}0{4,}$/.test(text);
}

/** `44051401458` → `440514*****`: the birth date stays, the person does not. */
export function maskPesel(p: string): string {
  return p.length > 6 ? `${p.slice(0, 6)}${'*'.repeat(p.length - 6)}` : '*'.repeat(p.length);
}

const ELEVEN_DIGITS = /(?<!\d)(\d{6})\d{5}(?!\d)/g;

/** Masks anything that looks like a PESEL inside a free text. */
export function maskPeselsIn(text: string): string {
  return text.replace(ELEVEN_DIGITS, '$1*****');
}

/** A PESEL with a valid checksum and date, for generators and tests. */
export function makePesel(birth: IsoDate, serial: number, sex: 'K' | 'M'): string {
  const y = Number(birth.slice(0, 4));
  const m = Number(birth.slice(5, 7));
  const d = Number(birth.slice(8, 10));
  // the month carries the century: 1800s +80, 1900s +0, 2000s +20, 2100s +40, 2200s +60
  const offset = y < 1900 ? 80 : y < 2000 ? 0 : y < 2100 ? 20 : y < 2200 ? 40 : 60;
  let ser = serial % 10000;
  const sexDigit = ser % 10;
  if ((sex === 'K') !== (sexDigit % 2 === 0)) ser = ser - sexDigit + ((sexDigit + 1) % 10);
  const body = `${String(y % 100).padStart(2, '0')}${String(m + offset).padStart(2, '0')}${String(d).padStart(2, '0')}${String(ser).padStart(4, '0')}`;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (body.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return body + String((10 - (sum % 10)) % 10);
}
