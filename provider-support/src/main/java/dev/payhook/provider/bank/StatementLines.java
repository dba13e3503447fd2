package dev.payhook.provider.bank;

import dev.payhook.common.BankLine;
import dev.payhook.common.Money;
import dev.payhook.common.RejectedLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects one file's entries as bank lines, the same way for every format: amounts to minor units of
 * the currency's ISO 4217 exponent, ids stable across deliveries, an unusable entry rejected with its
 * reason and position while the others are kept.
 */
final class StatementLines {

    /** Entries kept per file; a statement with more is refused rather than read into memory without bound. */
    static final int MAX_LINES = 100_000;

    private final List<BankLine> lines = new ArrayList<>();
    private final List<RejectedLine> rejected = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final SortedMap<String, LocalDate> coveredThrough = new TreeMap<>();

    /** The fields of one entry as its format gives them. */
    record Entry(
            String statementId,
            String account,
            LocalDate bookingDate,
            LocalDate valueDate,
            long amount,
            String currency,
            boolean credit,
            String bankReference,
            String endToEndId,
            String remittance,
            String counterparty) {}

    /** Minor units of a major-unit amount; refuses more decimals than the currency has. */
    static long minorUnits(BigDecimal major, String currency) {
        if (major == null) {
            throw new IllegalArgumentException("the entry has no amount");
        }
        if (major.signum() < 0) {
            throw new IllegalArgumentException("the amount is negative; the credit/debit mark says the direction");
        }
        return Money.toMinorUnits(major, currency);
    }

    /**
     * @param position where the entry is in the file (its line or its number), for the rejection and, where
     *                 the bank gives no reference, for its id
     */
    void add(long position, Entry entry) throws MalformedStatementException {
        if (lines.size() >= MAX_LINES) {
            throw new MalformedStatementException("the file has more than " + MAX_LINES + " entries");
        }
        String reference = usable(entry.bankReference());
        String lineId = entry.account() + ":" + (reference != null ? reference : entry.statementId() + "#" + position);
        if (!ids.add(lineId)) {
            // A reference the bank repeats within one file does not identify an entry; its position does.
            lineId = entry.account() + ":" + entry.statementId() + "#" + position;
            ids.add(lineId);
        }
        lines.add(new BankLine(
                lineId,
                entry.statementId(),
                entry.account(),
                entry.bookingDate(),
                entry.valueDate() != null ? entry.valueDate() : entry.bookingDate(),
                entry.amount(),
                Money.normalizeCurrency(entry.currency()),
                entry.credit(),
                entry.bankReference(),
                usable(entry.endToEndId()),
                blankToNull(entry.remittance()),
                blankToNull(entry.counterparty())));
    }

    /** The statement of {@code account} covers its entries up to {@code day}. */
    void covers(String account, LocalDate day) {
        if (account != null && day != null) {
            coveredThrough.merge(account, day, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    void reject(long position, String field, String reason) {
        if (rejected.size() < dev.payhook.common.SettlementBatch.REJECTED_KEPT) {
            rejected.add(new RejectedLine(position, field, reason));
        }
    }

    ParsedStatement result(List<String> statementIds) throws MalformedStatementException {
        if (statementIds.isEmpty()) {
            throw new MalformedStatementException("the file has no statement");
        }
        return new ParsedStatement(String.join("+", statementIds), lines, rejected, coveredThrough);
    }

    /** Banks write NONREF (MT940) or NOTPROVIDED (ISO 20022) where they have no reference. */
    private static String usable(String reference) {
        String text = blankToNull(reference);
        return text == null || text.equalsIgnoreCase("NONREF") || text.equalsIgnoreCase("NOTPROVIDED") ? null : text;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip().replaceAll("\\s+", " ");
    }
}
