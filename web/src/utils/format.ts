// Locale-aware formatting of dates and numbers.

export function formatDateTime(value: string | number | Date | undefined | null, locale: string): string {
  if (value === undefined || value === null || value === '') return ''
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: locale === 'en' ? 'short' : '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d)
}

export function formatNumber(n: number | undefined | null, locale: string): string {
  if (n === undefined || n === null || Number.isNaN(n)) return ''
  return new Intl.NumberFormat(locale).format(n)
}

export function shortHash(h: string | undefined | null, n = 16): string {
  if (!h) return ''
  return h.length > n ? h.slice(0, n) + '…' : h
}
