package dev.payhook.provider.bank;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * BAI2 (Cash Management Balance Reporting Specifications, version 2, BAI 2005), read here because no
 * maintained Java library reads it. A file is {@code 01} header, groups ({@code 02} … {@code 98}) of
 * accounts ({@code 03} … {@code 49}), each with its detail records ({@code 16}); {@code 88} continues the
 * record before it, {@code /} ends a record's fields except the free text of a {@code 16}, which runs to
 * the end of the record. Amounts are unsigned integers in the currency's minor units.
 *
 * <p>The file must add up, as the specification defines its trailers: each {@code 49} carries the sum of
 * the amounts of its account's {@code 03} and {@code 16} records and its record count, each {@code 98} the
 * sum of its accounts' totals, {@code 99} the sum of its groups'. A file that does not is refused whole.
 * Detail type codes 100–399 are credits, 400–699 debits; a {@code 16} with another code is rejected.
 */
final class Bai2Statement {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private Bai2Statement() {}

    /** One logical record: its physical lines joined, with the line it started on and how many it took. */
    private record Logical(long line, String type, String body, int physicalLines) {}

    static ParsedStatement parse(String text) throws MalformedStatementException {
        List<Logical> records = logicalRecords(text);
        if (records.isEmpty() || !records.get(0).type().equals("01")) {
            throw new MalformedStatementException("not a BAI2 file: it does not start with an 01 file header record");
        }
        StatementLines lines = new StatementLines();
        List<String> ids = new ArrayList<>();
        String[] header = fields(records.get(0).body());
        // Sender, creation date and file id: the file as its sender identifies it.
        String fileId = field(header, 0) + "/" + field(header, 2) + "/" + field(header, 4);
        String groupCurrency = null;
        LocalDate asOf = null;
        String account = null;
        String accountCurrency = null;
        long accountTotal = 0;
        long accountRecords = 0;
        long groupTotal = 0;
        long fileTotal = 0;
        boolean ended = false;
        for (Logical record : records.subList(1, records.size())) {
            if (ended) {
                throw malformed(record, "a record after the 99 file trailer");
            }
            String[] f = fields(record.body());
            accountRecords += record.physicalLines();
            switch (record.type()) {
                case "02" -> {
                    groupCurrency = field(f, 6);
                    asOf = date(record, field(f, 3));
                    groupTotal = 0;
                }
                case "03" -> {
                    if (asOf == null) {
                        throw malformed(record, "an 03 account record outside a group (no 02 before it)");
                    }
                    account = field(f, 0);
                    accountCurrency = field(f, 1) != null ? field(f, 1) : groupCurrency;
                    if (account == null || accountCurrency == null) {
                        throw malformed(record, "the account record names no account or currency");
                    }
                    ids.add(account + "/" + fileId);
                    // An account's report is as of its group's date: it covers that day.
                    lines.covers(account, asOf);
                    accountTotal = summaryAmounts(record, f);
                    accountRecords = record.physicalLines();
                }
                case "16" -> {
                    if (account == null) {
                        throw malformed(record, "a 16 detail record outside an account (no 03 before it)");
                    }
                    long amount = amount(record, field(f, 1));
                    accountTotal = Math.addExact(accountTotal, amount);
                    detail(lines, record, f, account, accountCurrency, asOf, amount, ids.get(ids.size() - 1));
                }
                case "49" -> {
                    if (account == null) {
                        throw malformed(record, "a 49 account trailer with no account open");
                    }
                    check(record, "account control total", amount(record, field(f, 0)), accountTotal);
                    check(record, "account record count", count(record, field(f, 1)), accountRecords);
                    groupTotal = Math.addExact(groupTotal, accountTotal);
                    account = null;
                }
                case "98" -> {
                    check(record, "group control total", amount(record, field(f, 0)), groupTotal);
                    fileTotal = Math.addExact(fileTotal, groupTotal);
                    asOf = null;
                }
                case "99" -> {
                    check(record, "file control total", amount(record, field(f, 0)), fileTotal);
                    ended = true;
                }
                default -> throw malformed(record, "record type " + record.type() + " is not a BAI2 record");
            }
        }
        if (!ended) {
            throw new MalformedStatementException("the file ends without its 99 file trailer: it is incomplete");
        }
        return lines.result(ids);
    }

    private static void detail(
            StatementLines lines,
            Logical record,
            String[] f,
            String account,
            String currency,
            LocalDate asOf,
            long amount,
            String statementId)
            throws MalformedStatementException {
        int typeCode;
        try {
            typeCode = Integer.parseInt(field(f, 0));
        } catch (NumberFormatException | NullPointerException e) {
            lines.reject(record.line(), "type code", "detail type code " + field(f, 0) + " is not a number");
            return;
        }
        boolean credit = typeCode >= 100 && typeCode <= 399;
        if (!credit && (typeCode < 400 || typeCode > 699)) {
            lines.reject(
                    record.line(),
                    "type code",
                    "detail type code " + typeCode + " is neither a credit (100-399) nor a debit (400-699)");
            return;
        }
        // Funds type decides how many fields follow it before the references.
        String fundsType = field(f, 2) == null ? "" : field(f, 2);
        int next = 3;
        LocalDate valueDate = asOf;
        switch (fundsType) {
            case "S" -> next += 3;
            case "V" -> {
                valueDate = date(record, field(f, 3));
                next += 2;
            }
            case "D" -> {
                int distributions = (int) count(record, field(f, 3));
                next += 1 + 2 * distributions;
            }
            default -> {
                // 0, 1, 2, Z or empty: no fields of its own
            }
        }
        String bankReference = field(f, next);
        String customerReference = field(f, next + 1);
        String remittance = textFrom(record.body(), next + 2);
        lines.add(
                record.line(),
                new StatementLines.Entry(
                        statementId,
                        account,
                        asOf,
                        valueDate,
                        amount,
                        currency,
                        credit,
                        bankReference,
                        customerReference,
                        remittance,
                        null));
    }

    /**
     * The records, with each {@code 88} joined to the one before it: a field split across lines continues
     * where it stopped, so the joined body reads as one record.
     */
    private static List<Logical> logicalRecords(String text) throws MalformedStatementException {
        List<Logical> records = new ArrayList<>();
        String[] physical = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        long number = 0;
        for (String raw : physical) {
            number++;
            String line = raw.stripTrailing();
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.indexOf(',');
            String type = comma < 0 ? line : line.substring(0, comma);
            String body = comma < 0 ? "" : line.substring(comma + 1);
            if (type.equals("88")) {
                if (records.isEmpty()) {
                    throw new MalformedStatementException(
                            "line " + number + ": an 88 continuation with no record before it");
                }
                Logical previous = records.remove(records.size() - 1);
                // A 16's text runs on; any other record's fields continue after its last one.
                String joined = previous.type().equals("16")
                        ? previous.body() + " " + body
                        : withoutEnd(previous.body()) + "," + body;
                records.add(new Logical(previous.line(), previous.type(), joined, previous.physicalLines() + 1));
                continue;
            }
            records.add(new Logical(number, type, body, 1));
        }
        return records;
    }

    private static String withoutEnd(String body) {
        String b = body;
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** The comma-separated fields of a record up to its {@code /}. */
    private static String[] fields(String body) {
        String b = body;
        int end = b.indexOf('/');
        return (end < 0 ? b : b.substring(0, end)).split(",", -1);
    }

    /** A 16's text: everything after its fixed fields, slashes and commas included, to the record's end. */
    private static String textFrom(String body, int index) {
        String b = body;
        int at = 0;
        for (int i = 0; i < index && at >= 0; i++) {
            at = b.indexOf(',', at) < 0 ? -1 : b.indexOf(',', at) + 1;
        }
        if (at < 0) {
            return null;
        }
        String text = b.substring(at).strip();
        return text.isEmpty() || text.equals("/")
                ? null
                : text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static String field(String[] fields, int index) {
        return index < fields.length && !fields[index].isBlank() ? fields[index].strip() : null;
    }

    /** The amounts of an 03's summaries (type code, amount, item count, funds type and its own fields). */
    private static long summaryAmounts(Logical record, String[] f) throws MalformedStatementException {
        long total = 0;
        int i = 2;
        while (i < f.length && field(f, i) != null) {
            String amount = field(f, i + 1);
            if (amount != null) {
                total = Math.addExact(total, signedAmount(record, amount));
            }
            String fundsType = field(f, i + 3) == null ? "" : field(f, i + 3);
            i += 4
                    + switch (fundsType) {
                        case "S" -> 3;
                        case "V" -> 2;
                        case "D" -> 1 + 2 * (int) count(record, field(f, i + 4));
                        default -> 0;
                    };
        }
        return total;
    }

    private static long amount(Logical record, String text) throws MalformedStatementException {
        if (text == null || !text.matches("\\d{1,18}")) {
            throw malformed(record, "amount " + abbreviate(text) + " is not an unsigned whole number of minor units");
        }
        return Long.parseLong(text);
    }

    /** Balances in an 03 may be signed. */
    private static long signedAmount(Logical record, String text) throws MalformedStatementException {
        if (text == null || !text.matches("[+-]?\\d{1,18}")) {
            throw malformed(record, "amount " + abbreviate(text) + " is not a whole number of minor units");
        }
        return Long.parseLong(text);
    }

    private static long count(Logical record, String text) throws MalformedStatementException {
        if (text == null || !text.matches("\\d{1,9}")) {
            throw malformed(record, "count " + abbreviate(text) + " is not a whole number");
        }
        return Long.parseLong(text);
    }

    private static LocalDate date(Logical record, String text) throws MalformedStatementException {
        try {
            return LocalDate.parse(String.valueOf(text), YYMMDD);
        } catch (DateTimeParseException e) {
            throw malformed(record, "date " + abbreviate(text) + " is not YYMMDD");
        }
    }

    private static void check(Logical record, String what, long stated, long counted)
            throws MalformedStatementException {
        if (stated != counted) {
            throw malformed(record, what + " is " + stated + " but the records before it make " + counted);
        }
    }

    private static MalformedStatementException malformed(Logical record, String message) {
        return new MalformedStatementException("line " + record.line() + " (" + record.type() + "): " + message);
    }

    private static String abbreviate(String text) {
        return text == null ? "(none)" : text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
