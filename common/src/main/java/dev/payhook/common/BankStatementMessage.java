package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code payhook.bank-statements}: one {@link BankLine} of a statement, or the
 * {@link BankStatement} that closes it once the broker has all its lines. Both go to
 * {@link Topics#BATCH_BREAKS_PARTITION}: the reconciler task that owns the breaks of whole batches owns
 * the payouts, and so their bank leg.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "record")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BankLine.class, name = "line"),
    @JsonSubTypes.Type(value = BankStatement.class, name = "statement")
})
public sealed interface BankStatementMessage permits BankLine, BankStatement {

    String statementId();
}
