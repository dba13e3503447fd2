package dev.payhook.common;

public enum DiscrepancyStatus {
    OPEN,
    RESOLVED
}
