package dev.payhook.common;

/** The canonical payment statuses of docs/DESIGN.md. */
public enum PaymentStatus {
    PENDING,
    AUTHORIZED,
    CAPTURED,
    FAILED,
    CANCELED,
    PARTIALLY_REFUNDED,
    REFUNDED,
    DISPUTED,
    CHARGED_BACK
}
