export { GenerateInput, ReportId, ReportListQuery, requestReport, consumeScanAllowance, listReports, getReport, getReportRow, presentReport, reportForDownload } from './reports';
export { enqueueScan, runReport, sweepReports, type ScanJob } from './run';
export { DownloadQuery, renderReport, reportCsv, reportPdf, reportFilename, type RenderableReport } from './render';
