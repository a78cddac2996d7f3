import { AppError, type GateReportRecord } from '../../../../src/sdk/index.js';

export interface FieldProblem {
  path: string;
  message: string;
}

/** The offending fields of an INVALID_ARGUMENT (`policy.performance.metric: …`), or the message alone. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof AppError)) return [{ path: '', message: String(error) }];
  const fields = error.details?.fields;
  if (Array.isArray(fields) && fields.length > 0) return fields.map((f: FieldProblem) => ({ path: f.path, message: f.message }));
  return [{ path: '', message: error.message }];
}

/** A gate refusal (412) carries the whole report; anything else is a plain error. */
export function refusedReport(error: unknown): GateReportRecord | undefined {
  if (!(error instanceof AppError) || error.code !== 'FAILED_PRECONDITION') return undefined;
  const report = error.details?.['report'];
  if (!report || typeof report !== 'object' || !Array.isArray((report as GateReportRecord).checks)) return undefined;
  return report as GateReportRecord;
}
