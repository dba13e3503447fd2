package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.LocalDate;

/**
 * One entry of a bank statement, whatever its format (camt.053 {@code Ntry}, MT940 {@code :61:} with
 * its {@code :86:}, BAI2 {@code 16} record with its continuations).
 *
 * @param lineId       stable across deliveries: the account and the bank's own reference for the entry
 *                     (or, where the bank gives none, the statement id and the entry's position), so a
 *                     statement delivered twice yields the same lines
 * @param account      the account the statement is for: an IBAN, or the bank's account number
 * @param amount       unsigned, in minor units of {@code currency}
 * @param credit       money in (true) or out (false)
 * @param bankReference the bank's reference of the entry (camt {@code AcctSvcrRef}, MT940 reference for
 *                     the account servicing institution, BAI2 bank reference)
 * @param endToEndId   the payer's end-to-end id, when the format carries one
 * @param remittance   the remittance text: where a payout's reference is found
 * @param counterparty who paid (for a credit) or was paid (for a debit), when the format names them
 */
@JsonTypeName("line")
public record BankLine(
        String lineId,
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
        String counterparty)
        implements BankStatementMessage {

    /** Text fields are bounded here: a statement's free text reaches operators' screens and state stores. */
    static final int MAX_TEXT = 500;

    public BankLine {
        Identifiers.bounded("lineId", lineId);
        Identifiers.bounded("account", account);
        if (amount < 0) {
            throw new IllegalArgumentException("amount must be unsigned; credit says the direction");
        }
        remittance = bounded(remittance);
        counterparty = bounded(counterparty);
        bankReference = bounded(bankReference);
        endToEndId = bounded(endToEndId);
    }

    /** The text a payout's reference or a provider's name is looked for in. */
    @JsonIgnore
    public String searchableText() {
        return ((remittance == null ? "" : remittance) + " " + (counterparty == null ? "" : counterparty) + " "
                        + (endToEndId == null ? "" : endToEndId))
                .trim();
    }

    private static String bounded(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
