import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'

/*
 * Tables to files, for every admin list that exports (statistics, applications, scores, results):
 * CSV in UTF-8 with a byte-order mark (Excel reads Chinese headers correctly only with it) and
 * CRLF rows, or an XLSX workbook with a bold, frozen header row.
 */

export type TableCell = string | number | null

export interface ExportFile {
  body: Buffer
  contentType: string
  filename: { ascii: string; utf8: string }
}

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function csvBody(table: readonly (readonly TableCell[])[]): Buffer {
  return Buffer.from(stringify(table as TableCell[][], { bom: true, record_delimiter: 'windows' }), 'utf8')
}

/** A workbook of one sheet; `setup` may set column widths and number formats. */
export async function xlsxBody(
  sheetName: string,
  table: readonly (readonly TableCell[])[],
  options: { frozenColumns?: number; setup?: (sheet: ExcelJS.Worksheet) => void } = {},
): Promise<Buffer> {
  const [header, ...rows] = table
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '自然资源科普'
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', xSplit: options.frozenColumns ?? 0, ySplit: 1 }],
  })
  sheet.addRow(header)
  sheet.addRows(rows as TableCell[][])
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'middle' }
  options.setup?.(sheet)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export async function tableFile(
  format: 'csv' | 'xlsx',
  sheetName: string,
  table: readonly (readonly TableCell[])[],
  filename: { ascii: string; utf8: string },
): Promise<ExportFile> {
  return format === 'csv'
    ? {
        body: csvBody(table),
        contentType: CSV_TYPE,
        filename: { ascii: `${filename.ascii}.csv`, utf8: `${filename.utf8}.csv` },
      }
    : {
        body: await xlsxBody(sheetName, table, { setup: (s) => s.columns.forEach((c) => (c.width = 16)) }),
        contentType: XLSX_TYPE,
        filename: { ascii: `${filename.ascii}.xlsx`, utf8: `${filename.utf8}.xlsx` },
      }
}
