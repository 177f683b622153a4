/**
 * A compact RFC-4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes,
 * CRLF / LF / CR line ends and a leading UTF-8 BOM. No CSV package is installed, and the formats we
 * read (Yahoo downloads, iShares holdings) need nothing more.
 *
 * Records come from a generator so a caller can stop early: the iShares file ends in prose that
 * is not worth parsing (and need not be valid CSV).
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts, for error messages. */
  line: number;
}

/** Malformed quoting; `line` is where the offending record starts. */
export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  readonly line: number;
  /** The message without the line number. */
  readonly detail: string;
  constructor(line: number, detail: string) {
    super(`line ${line}: ${detail}`);
    this.line = line;
    this.detail = detail;
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Yields every record, blank lines included (as `[""]`), so callers can treat a blank line as
 * the end of a table. A final line break does not start an extra record. A quote inside an
 * unquoted field is kept as text (lenient, as most real-world readers are); text after a closing
 * quote, or a quote never closed, is an error.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: runs to the next quote not doubled.
        let value = "";
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new CsvSyntaxError(startLine, "a quoted field is never closed");
          value += text.slice(from, q);
          line += countLineBreaks(text, from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          throw new CsvSyntaxError(
            startLine,
            `unexpected text after a closing quote in field ${fields.length}`,
          );
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    // End of record: consume one line break (CRLF, LF or CR).
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    yield { fields, line: startLine };
  }
}

/** All records of a text; see csvRecords. */
export function parseCsv(text: string): CsvRecord[] {
  return [...csvRecords(text)];
}

/** True when every field is empty or whitespace (a non-breaking space counts as whitespace). */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === "");
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}
