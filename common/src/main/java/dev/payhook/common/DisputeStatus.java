package dev.payhook.common;

/**
 * A dispute's outcome, ordered by precedence: when evidence conflicts, the later stage wins
 * (a decided dispute is not reopened by a late "opened"), and a loss outranks a win because
 * money that left must never be reported as kept.
 */
public enum DisputeStatus {
    OPEN,
    WON,
    LOST;

    public DisputeStatus join(DisputeStatus other) {
        return other == null || compareTo(other) >= 0 ? this : other;
    }
}
