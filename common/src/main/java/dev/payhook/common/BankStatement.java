package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The record that closes a bank statement on {@code payhook.bank-statements}, after all its lines: the
 * reconciler matches the accounts it names against their payouts once it holds every line.
 *
 * @param statementId  the statement's own id where the format has one (camt {@code Stmt/Id}, MT940
 *                     {@code :20:} with {@code :28C:}, BAI2 file id), prefixed with its account; a statement
 *                     delivered twice has the same id and changes nothing
 * @param format       {@code camt053}, {@code mt940} or {@code bai2}
 * @param accounts     the accounts it has entries for
 * @param lines        how many lines it has
 * @param origin       {@code uploaded by <operator>} or {@code collected from <source>: <file>}
 * @param coveredThrough by account, the last day the statement covers: a payout due by then that none of
 *                     the account's statements credits was not received
 */
@JsonTypeName("statement")
public record BankStatement(
        String statementId,
        String format,
        SortedSet<String> accounts,
        long lines,
        Instant receivedAt,
        String origin,
        long rejectedCount,
        List<RejectedLine> rejected,
        SortedMap<String, LocalDate> coveredThrough)
        implements BankStatementMessage {

    public BankStatement {
        accounts = accounts == null ? new TreeSet<>() : new TreeSet<>(accounts);
        coveredThrough = coveredThrough == null ? new TreeMap<>() : new TreeMap<>(coveredThrough);
        rejected = rejected == null
                ? List.of()
                : List.copyOf(rejected.subList(0, Math.min(rejected.size(), SettlementBatch.REJECTED_KEPT)));
    }
}
