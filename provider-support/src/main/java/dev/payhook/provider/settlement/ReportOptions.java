package dev.payhook.provider.settlement;

import java.time.ZoneId;
import java.util.Set;

/**
 * How one report is to be read and labelled, beyond its bytes.
 *
 * @param timeZone the zone of the report's local-time columns (Stripe's {@code created}, when the
 *                 report was run with a time zone and without {@code created_utc}); null when unknown
 * @param origin   how the report arrived, kept on its batch: {@code uploaded by <operator>}, or
 *                 {@code collected from <source>: <report>}; null when not said
 * @param account  the merchant account of rows whose report names none (a Stripe report is run for one
 *                 account; Adyen's names each row's {@code Merchant Account}); null when not said
 * @param permittedAccounts the only accounts the report's rows may belong to (a scoped operator's): a row
 *                 of another account, or of none, refuses the file whole; null when any account may
 */
public record ReportOptions(ZoneId timeZone, String origin, String account, Set<String> permittedAccounts) {

    public static final ReportOptions NONE = new ReportOptions(null, null, null, null);

    public ReportOptions {
        permittedAccounts = permittedAccounts == null ? null : Set.copyOf(permittedAccounts);
    }

    public ReportOptions(ZoneId timeZone) {
        this(timeZone, null, null, null);
    }

    public ReportOptions withOrigin(String origin) {
        return new ReportOptions(timeZone, origin, account, permittedAccounts);
    }

    /** Rows naming no account belong to {@code account}; rows may belong only to {@code permitted} (null: any). */
    public ReportOptions forAccounts(String account, Set<String> permitted) {
        return new ReportOptions(timeZone, origin, account, permitted);
    }

    /** The row's account: its own, where the report names one, else the report's. */
    String accountOf(String named) {
        return named != null ? named : account;
    }
}
