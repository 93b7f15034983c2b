// Display helpers of the random draws: localised problem texts from the structured fields of a
// problem (the server's English message is informative only), and names of what a draw refers to.
import type { DrawProblem } from '@/api/draws'

type T = (key: string, params?: Record<string, unknown>) => string

/** The text of a problem in the UI language, with county names where they are known. */
export function problemText(p: DrawProblem, t: T, names: Record<string, string>): string {
  const name = (id: string | null) => (id ? names[id] || id : '')
  return t('draw.problem.' + p.kind, {
    county: name(p.county),
    by: name(p.by_county),
    rule: p.rule === null ? '' : p.rule + 1,
    need: p.need,
    have: p.have,
  })
}

/** Groups a long hex string for reading aloud and printing: 8 groups of 8. */
export function groupedHex(h: string | null | undefined): string {
  return (h ?? '').replace(/(.{8})(?=.)/g, '$1 ')
}
