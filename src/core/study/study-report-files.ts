import { barChartSvg } from '../chart/bar-chart-svg.js';
import { studyCharts } from './study-charts.js';
import { renderStudyReport } from './study-report.js';
import type { StudyResult } from './study-result.js';

/** What `--report DIR` writes, by name: the two charts, then report.md (last, so it never points at a chart not yet there). */

export const REPORT_MD = 'report.md';
export const RPS_SVG = 'study-rps.svg';
export const LATENCY_SVG = 'study-latency.svg';

export interface ReportFile {
  readonly name: string;
  readonly content: string;
}

export function studyReportFiles(result: StudyResult): ReportFile[] {
  const charts = studyCharts(result);
  return [
    { name: RPS_SVG, content: barChartSvg(charts.requestsPerSecond) },
    { name: LATENCY_SVG, content: barChartSvg(charts.latency) },
    { name: REPORT_MD, content: renderStudyReport(result, { requestsPerSecondSvg: RPS_SVG, latencySvg: LATENCY_SVG }) },
  ];
}
