package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code payhook.settlements}: a payment's {@link SettlementLine} (key = paymentId), or
 * the {@link SettlementBatch} that closes an uploaded report, written to every partition after the
 * batch's lines so each reconciler task learns the batch's cut-off once it has all its lines.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "record")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SettlementLine.class, name = "line"),
    @JsonSubTypes.Type(value = SettlementBatch.class, name = "batch")
})
public sealed interface SettlementMessage permits SettlementLine, SettlementBatch {

    String batchId();
}
