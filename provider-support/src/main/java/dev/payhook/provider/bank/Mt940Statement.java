package dev.payhook.provider.bank;

import com.prowidesoftware.swift.model.SwiftBlock4;
import com.prowidesoftware.swift.model.Tag;
import com.prowidesoftware.swift.model.field.Field25;
import com.prowidesoftware.swift.model.field.Field28C;
import com.prowidesoftware.swift.model.field.Field60F;
import com.prowidesoftware.swift.model.field.Field60M;
import com.prowidesoftware.swift.model.field.Field61;
import com.prowidesoftware.swift.model.field.Field62F;
import com.prowidesoftware.swift.model.field.Field62M;
import com.prowidesoftware.swift.model.field.Field86;
import com.prowidesoftware.swift.model.mt.mt9xx.MT940;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SWIFT MT940 customer statements, read with Prowide Core: a file of one or many messages, with SWIFT
 * headers ({@code {1:…}{2:…}{4:…-}}) or, as banks' e-banking exports give them, the text block alone
 * (messages starting at {@code :20:}). Each {@code :61:} is a line, with the {@code :86:} that follows
 * it as its remittance. The statement must add up: opening balance ({@code :60F:}/{@code :60M:}) plus
 * its entries equals its closing balance ({@code :62F:}/{@code :62M:}), or the file is refused whole.
 *
 * <p>{@code :86:} is free text; where it is in the structured form German banks use ({@code ?20}…{@code ?29}
 * remittance, {@code ?32}/{@code ?33} the other party's name), those parts are read apart.
 */
final class Mt940Statement {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    private static final Pattern HEADER_START = Pattern.compile("\\{1:");
    private static final Pattern MESSAGE_START = Pattern.compile("(?m)^:20:");
    private static final Pattern SUBFIELD = Pattern.compile("\\?(\\d\\d)");

    private Mt940Statement() {}

    static ParsedStatement parse(String text) throws MalformedStatementException {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> messages = split(normalized);
        if (messages.isEmpty()) {
            throw new MalformedStatementException(
                    "not an MT940 file: no message, with or without headers, starts :20:");
        }
        StatementLines lines = new StatementLines();
        List<String> ids = new ArrayList<>();
        int messageNumber = 0;
        for (String message : messages) {
            messageNumber++;
            MT940 mt;
            try {
                mt = MT940.parse(message);
            } catch (RuntimeException e) {
                throw new MalformedStatementException(
                        "message " + messageNumber + " cannot be read: " + e.getMessage(), e);
            }
            if (mt == null
                    || mt.getSwiftMessage() == null
                    || mt.getSwiftMessage().getBlock4() == null) {
                throw new MalformedStatementException("message " + messageNumber + " is not an MT940 message");
            }
            ids.add(read(mt.getSwiftMessage().getBlock4(), messageNumber, lines));
        }
        return lines.result(ids);
    }

    /** Headers where the file has them; else the text block alone, wrapped as Prowide reads it. */
    private static List<String> split(String text) {
        List<String> messages = new ArrayList<>();
        Pattern start = HEADER_START.matcher(text).find() ? HEADER_START : MESSAGE_START;
        Matcher m = start.matcher(text);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
        }
        for (int i = 0; i < starts.size(); i++) {
            String message = text.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : text.length());
            message = message.strip();
            if (start == MESSAGE_START) {
                // An export separates messages by a line of "-" (the block 4 end) or nothing at all.
                message = message.replaceAll("(?m)^-\\s*$", "").strip();
                message = "{4:\n" + message + "\n-}";
            }
            messages.add(message);
        }
        return messages;
    }

    private static String read(SwiftBlock4 block, int messageNumber, StatementLines lines)
            throws MalformedStatementException {
        List<Tag> tags = block.getTags();
        String reference = value(tags, "20");
        String account = value(tags, "25") == null ? null : new Field25(value(tags, "25")).getAccount();
        if (reference == null || account == null) {
            throw new MalformedStatementException(
                    "message " + messageNumber + " lacks :20: or :25:, which MT940 requires");
        }
        account = account.replace(" ", "");
        String number = value(tags, "28C") == null ? null : new Field28C(value(tags, "28C")).getValue();
        String statementId = account + "/" + reference + (number == null ? "" : "/" + number);
        Balance opening = balance(tags, "60F", "60M", messageNumber);
        Balance closing = balance(tags, "62F", "62M", messageNumber);
        if (!opening.currency.equals(closing.currency)) {
            throw new MalformedStatementException("message " + messageNumber + ": opening balance in "
                    + opening.currency + ", closing in " + closing.currency);
        }
        long movement = 0;
        for (int i = 0; i < tags.size(); i++) {
            if (!"61".equals(tags.get(i).getName())) {
                continue;
            }
            Field61 field = new Field61(tags.get(i).getValue());
            String info = i + 1 < tags.size() && "86".equals(tags.get(i + 1).getName())
                    ? new Field86(tags.get(i + 1).getValue()).getValue()
                    : null;
            long position = (long) messageNumber * 100_000 + i;
            StatementLines.Entry entry;
            try {
                entry = entry(statementId, account, opening.currency, field, info);
            } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
                throw new MalformedStatementException(
                        "message " + messageNumber + ", :61: " + abbreviate(field.getValue()) + " cannot be read: "
                                + e.getMessage(),
                        e);
            }
            movement = Math.addExact(movement, entry.credit() ? entry.amount() : -entry.amount());
            lines.add(position, entry);
        }
        if (Math.addExact(opening.signedMinor, movement) != closing.signedMinor) {
            throw new MalformedStatementException("message " + messageNumber + " (" + statementId
                    + ") does not add up: opening " + opening.signedMinor + " plus entries " + movement
                    + " is not the closing balance " + closing.signedMinor + " (minor units of " + opening.currency
                    + ")");
        }
        // The closing balance's date is the last day the statement covers.
        lines.covers(account, closing.date());
        return statementId;
    }

    private static StatementLines.Entry entry(
            String statementId, String account, String currency, Field61 field, String info) {
        LocalDate valueDate = LocalDate.parse(field.getValueDate(), YYMMDD);
        LocalDate bookingDate = valueDate;
        if (field.getEntryDate() != null && field.getEntryDate().length() == 4) {
            // The entry date is MMDD: the year of the value date, or a neighbour's across a year end.
            LocalDate sameYear = LocalDate.of(
                    valueDate.getYear(),
                    Integer.parseInt(field.getEntryDate().substring(0, 2)),
                    Integer.parseInt(field.getEntryDate().substring(2)));
            bookingDate = sameYear.isAfter(valueDate.plusMonths(6))
                    ? sameYear.minusYears(1)
                    : sameYear.isBefore(valueDate.minusMonths(6)) ? sameYear.plusYears(1) : sameYear;
        }
        String mark = field.getDebitCreditMark();
        // RD (reversal of a debit) brings money in; RC (reversal of a credit) takes it out.
        boolean credit = "C".equals(mark) || "RD".equals(mark);
        if (!List.of("C", "D", "RC", "RD").contains(mark)) {
            throw new IllegalArgumentException("debit/credit mark " + mark + " is not C, D, RC or RD");
        }
        BigDecimal amount = field.getAmountAsBigDecimal();
        Map<String, String> parts = structured(info);
        String remittance = parts == null ? info : parts.getOrDefault("remittance", null);
        String counterparty = parts == null ? null : parts.get("counterparty");
        String bankReference = field.getReferenceOfTheAccountServicingInstitution();
        String ownerReference = field.getReferenceForTheAccountOwner();
        return new StatementLines.Entry(
                statementId,
                account,
                bookingDate,
                valueDate,
                StatementLines.minorUnits(amount, currency),
                currency,
                credit,
                bankReference != null ? bankReference : ownerReference,
                null,
                remittance == null ? null : remittance.replace('\n', ' '),
                counterparty);
    }

    /** The {@code ?nn} subfields of a structured {@code :86:}; null when it is free text. */
    private static Map<String, String> structured(String info) {
        if (info == null || !info.matches("(?s)^\\d{3}\\?\\d\\d.*")) {
            return null;
        }
        String flat = info.replace("\n", "");
        Map<String, StringBuilder> byCode = new TreeMap<>();
        Matcher m = SUBFIELD.matcher(flat);
        List<int[]> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), Integer.parseInt(m.group(1))});
        }
        for (int i = 0; i < starts.size(); i++) {
            int from = starts.get(i)[0] + 3;
            int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : flat.length();
            int code = starts.get(i)[1];
            String key = code >= 20 && code <= 29 || code >= 60 && code <= 63
                    ? "remittance"
                    : code == 32 || code == 33 ? "counterparty" : null;
            if (key != null) {
                byCode.computeIfAbsent(key, k -> new StringBuilder()).append(flat, from, to);
            }
        }
        Map<String, String> parts = new TreeMap<>();
        byCode.forEach((k, v) -> parts.put(k, v.toString()));
        return parts;
    }

    private record Balance(String currency, long signedMinor, LocalDate date) {}

    private static Balance balance(List<Tag> tags, String finalTag, String intermediateTag, int messageNumber)
            throws MalformedStatementException {
        String value = value(tags, finalTag);
        String intermediate = value(tags, intermediateTag);
        if (value == null && intermediate == null) {
            throw new MalformedStatementException(
                    "message " + messageNumber + " has no :" + finalTag + ": or :" + intermediateTag + ": balance");
        }
        try {
            String mark;
            String currency;
            BigDecimal amount;
            String date;
            if (finalTag.startsWith("60")) {
                var field = value != null ? new Field60F(value) : null;
                var fieldM = value == null ? new Field60M(intermediate) : null;
                mark = field != null ? field.getDCMark() : fieldM.getDCMark();
                currency = field != null ? field.getCurrency() : fieldM.getCurrency();
                amount = field != null ? field.getAmountAsBigDecimal() : fieldM.getAmountAsBigDecimal();
                date = field != null ? field.getDate() : fieldM.getDate();
            } else {
                var field = value != null ? new Field62F(value) : null;
                var fieldM = value == null ? new Field62M(intermediate) : null;
                mark = field != null ? field.getDCMark() : fieldM.getDCMark();
                currency = field != null ? field.getCurrency() : fieldM.getCurrency();
                amount = field != null ? field.getAmountAsBigDecimal() : fieldM.getAmountAsBigDecimal();
                date = field != null ? field.getDate() : fieldM.getDate();
            }
            long minor = dev.payhook.common.Money.toMinorUnits(amount, currency);
            return new Balance(
                    dev.payhook.common.Money.normalizeCurrency(currency),
                    "D".equals(mark) ? -minor : minor,
                    LocalDate.parse(date, YYMMDD));
        } catch (RuntimeException e) {
            throw new MalformedStatementException(
                    "message " + messageNumber + ": the :" + finalTag + ": balance cannot be read: " + e.getMessage(),
                    e);
        }
    }

    private static String value(List<Tag> tags, String name) {
        return tags.stream()
                .filter(t -> name.equals(t.getName()))
                .map(Tag::getValue)
                .findFirst()
                .orElse(null);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
