// Client-side checks that mirror the server's validation (docs/api.md and src/domain). Each returns
// the i18n key of the message to show, or '' when the value is acceptable. The server stays the
// authority: its own message and `field` are shown when it disagrees.

/** Length in Unicode code points, like the server's UTF-8 character count. */
export function charLength(s: string): number {
  return Array.from(s).length
}

/** ASCII whitespace trim, as the server does. */
export function trimAscii(s: string): string {
  return s.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '')
}

export function checkUsername(u: string): string {
  return /^[a-z0-9._-]{3,32}$/.test(u) ? '' : 'validation.username'
}

export function checkPassword(p: string): string {
  return charLength(p) >= 8 && new TextEncoder().encode(p).length <= 256 ? '' : 'validation.password'
}

export function checkDisplayName(d: string): string {
  const n = charLength(trimAscii(d))
  return n >= 1 && n <= 40 ? '' : 'validation.displayName'
}

export function checkSchoolCode(c: string): string {
  return /^\d{10}$/.test(c) ? '' : 'validation.schoolCode'
}

export function checkSchoolName(n: string): string {
  const len = charLength(trimAscii(n))
  return len >= 1 && len <= 60 ? '' : 'validation.schoolName'
}

export function checkStudentCount(n: unknown): string {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 200000 ? '' : 'validation.studentCount'
}

export function checkAddress(a: string): string {
  return charLength(a) <= 200 ? '' : 'validation.address'
}

function isDecimalDegrees(s: string, limit: number): boolean {
  if (s === '') return true
  if (s.length > 16 || !/^-?(\d+\.?\d*|\.\d+)$/.test(s)) return false
  const v = Number(s)
  return Number.isFinite(v) && v >= -limit && v <= limit
}

export function checkLatitude(s: string): string {
  return isDecimalDegrees(s, 90) ? '' : 'validation.latitude'
}

export function checkLongitude(s: string): string {
  return isDecimalDegrees(s, 180) ? '' : 'validation.longitude'
}

export function checkPersonName(s: string): string {
  return charLength(s) <= 40 ? '' : 'validation.personName'
}

export function checkPhone(s: string): string {
  return s.length <= 20 && /^[0-9+\- ]*$/.test(s) ? '' : 'validation.phone'
}

type Translate = (key: string) => string
type Check = (v: never) => string

/** Element Plus form rule from a check function. */
export function rule(check: Check, t: Translate, trigger: 'blur' | 'change' = 'blur') {
  return {
    trigger,
    validator: (_r: unknown, value: unknown, cb: (e?: Error) => void) => {
      const key = (check as (v: unknown) => string)(value ?? '')
      if (key) cb(new Error(t(key)))
      else cb()
    },
  }
}
