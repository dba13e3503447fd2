package dev.payhook.provider.bank;

import dev.payhook.common.BankLine;
import dev.payhook.common.RejectedLine;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A statement file read whole: its lines, and the entries that could not be used, each with where it
 * is in the file and why.
 *
 * @param statementId the file's statements' ids, joined: the same statement delivered again has it again
 */
public record ParsedStatement(String statementId, List<BankLine> lines, List<RejectedLine> rejected) {

    public ParsedStatement {
        lines = List.copyOf(lines);
        rejected = List.copyOf(rejected);
    }

    public SortedSet<String> accounts() {
        TreeSet<String> accounts = new TreeSet<>();
        lines.forEach(line -> accounts.add(line.account()));
        return accounts;
    }
}
