/**
 * RFC 3339 date-times, as JSON Schema's `date-time` format checks them.
 */

// RFC 3339 date-time (§5.6), with the separator leniency of its §5.6 note
// (lower-case t, or a space), the way JSON Schema's `date-time` format is
// checked by ajv-formats; the schema agreement test keeps the two in step.
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt\s]\d{2}:\d{2}:(\d{2}(?:\.\d+)?)(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for an RFC 3339 date and time with a time zone. */
export function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) {
    return false;
  }
  // Fixed positions: YYYY-MM-DD?hh:mm:ss (checked by the pattern).
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = +match[1];
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leapYear ? 29 : DAYS_IN_MONTH[month];
  if (month < 1 || month > 12 || day < 1 || day > monthDays) {
    return false;
  }
  const sign = match[2] === '-' ? -1 : 1;
  const zoneHours = match[3] === undefined ? 0 : +match[3];
  const zoneMinutes = match[4] === undefined ? 0 : +match[4];
  if (zoneHours > 23 || zoneMinutes > 59) {
    return false;
  }
  if (hour <= 23 && minute <= 59 && second < 60) {
    return true;
  }
  // A leap second: 23:59:60 in UTC, written in any offset.
  const utcMinute = minute - sign * zoneMinutes;
  const utcHour = hour - sign * zoneHours - (utcMinute < 0 ? 1 : 0);
  return (
    (utcHour === 23 || utcHour === -1) &&
    (utcMinute === 59 || utcMinute === -1) &&
    second < 61
  );
}

/** The decimal number written by `count` ASCII digits at `start`. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    value = value * 10 + text.charCodeAt(i) - 0x30;
  }
  return value;
}
