// Reads a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks) into records
// the way the server counts them, so a problem the server names by row is shown beside that row:
// the header is row 1, and blank lines are not rows.
export interface CsvRecord {
  /** The spreadsheet row the server names: the header is 1. */
  row: number;
  fields: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let started = false;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endField = () => {
    record.push(field);
    field = '';
    started = false;
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && !started && field === '') {
      quoted = true;
      started = true;
    } else if (c === ',') endField();
    else if (c === '\r' && src[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (c === '\n' || c === '\r') endRecord();
    else {
      field += c;
      started = true;
    }
  }
  if (field !== '' || started || record.length) endRecord();
  return records.map((fields, i) => ({ row: i + 1, fields }));
}
