package dev.payhook.testkit;

import java.math.BigDecimal;
import java.util.Currency;

/** Minor units back to the major-unit decimals some providers' payloads carry. */
public final class Decimals {

    private Decimals() {}

    public static BigDecimal major(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits, Currency.getInstance(currency).getDefaultFractionDigits());
    }
}
