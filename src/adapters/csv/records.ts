/**
 * CSV records through csv-parse, with the physical line each record starts on, so every reader can
 * name the file and the line of a problem. One set of rules for every file we read: a UTF-8 BOM is
 * dropped; CRLF, LF and CR all end a line (even mixed in one file); rows may have any number of
 * fields (each reader decides what a short or long row means); a quote inside an unquoted field
 * is kept as text, as most real-world readers do; blank lines come through as `[""]`, so a reader
 * can treat one as the end of a table.
 *
 * Two ways in: `csvRecordsFrom` streams (daily-closes files can be large), `csvRecords` reads a
 * string already in memory (a downloaded holdings file). Both are lazy in what they report: a
 * malformed record is thrown only when the reader reaches it, so a reader that stops at the end of
 * its table (the iShares file ends in prose) never sees an error in what follows.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type CsvError, type Options, parse } from "csv-parse";
import { parse as parseAll } from "csv-parse/sync";

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts, for error messages. */
  line: number;
}

/** Malformed CSV; `line` is where the offending record starts. */
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

/** True when every field is empty or whitespace (a non-breaking space counts as whitespace). */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === "");
}

interface Parsed {
  fields: string[];
  /** The line the record ends on (a quoted field may span lines). */
  endLine: number;
}

/** A record the parser could not read, and how many records came before it. */
interface Skipped {
  error: CsvSyntaxError;
  after: number;
}

/**
 * The parser's options, with hooks that give each record the line it ends on and note each record
 * the parser could not read (as our own error, with the count of records before it).
 * `skip_records_with_error` keeps the parser going past a bad record so that the records before it
 * are not lost; the reader decides whether it ever gets that far.
 */
function options(skipped: Skipped[]): Options {
  let count = 0;
  let lastEnd = 0;
  // The parser's typings keep the record type unchanged; ours turns each into a Parsed.
  const hooks: Pick<Options<Parsed, string[]>, "on_record"> = {
    on_record: (record, context) => {
      count++;
      lastEnd = context.lines;
      return { fields: record, endLine: context.lines };
    },
  };
  return {
    bom: true,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    ...(hooks as Pick<Options, "on_record">),
    on_skip: (err: CsvError | undefined) => {
      skipped.push({ error: new CsvSyntaxError(lastEnd + 1, describe(err)), after: count });
      return undefined;
    },
  };
}

/** Our sentence for the parser's complaint; its own message is not for users. */
function describe(err: CsvError | undefined): string {
  switch (err?.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is never closed";
    default:
      return "this line is not valid CSV";
  }
}

/** Records with their start lines, each bad record thrown in its place. */
class Sequencer {
  private start = 1;
  private count = 0;
  private readonly skipped: Skipped[];
  constructor(skipped: Skipped[]) {
    this.skipped = skipped;
  }

  next(parsed: Parsed): CsvRecord {
    this.throwSkippedBefore(this.count);
    const record = { fields: parsed.fields, line: this.start };
    this.start = parsed.endLine + 1;
    this.count++;
    return record;
  }

  end(): void {
    this.throwSkippedBefore(Number.POSITIVE_INFINITY);
  }

  private throwSkippedBefore(count: number): void {
    const first = this.skipped[0];
    if (first && first.after <= count) throw first.error;
  }
}

/** Every record of a text in memory; see the module comment. */
export function* csvRecords(text: string): Generator<CsvRecord> {
  const skipped: Skipped[] = [];
  const all = parseAll(text, options(skipped)) as unknown as Parsed[];
  const sequence = new Sequencer(skipped);
  for (const parsed of all) yield sequence.next(parsed);
  sequence.end();
}

/**
 * Every record of a stream (a file, a download body), read as it arrives: memory holds a chunk
 * and the records not yet consumed, never the whole input. Stopping early (break) stops the
 * reading. A failing input (a read error) is thrown as it is.
 */
export async function* csvRecordsFrom(source: Readable | string): AsyncGenerator<CsvRecord> {
  const skipped: Skipped[] = [];
  const parser = parse(options(skipped));
  const input = typeof source === "string" ? Readable.from([source]) : source;
  const piped = pipeline(input, parser);
  // An early stop destroys the parser, which fails the pipeline: nothing to report then.
  piped.catch(() => undefined);
  const sequence = new Sequencer(skipped);
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) yield sequence.next(parsed);
    await piped;
    sequence.end();
  } finally {
    parser.destroy();
    input.destroy();
  }
}
