/** Series colours that stay distinct on light and dark backgrounds, in the order runs are listed. */
export const SERIES_COLORS = ['#2f6fed', '#e8590c', '#12a150', '#9b51e0', '#d92d20', '#0ea5b7', '#c2410c', '#64748b'] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? '#2f6fed';
}
