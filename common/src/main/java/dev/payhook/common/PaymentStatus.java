package dev.payhook.common;

/** The canonical payment statuses of DESIGN.md. */
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
