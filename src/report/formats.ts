/** Report file formats (kept apart so the CLI can check options without loading renderers). */
export const REPORT_FORMATS = ['xlsx', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
