package dev.payhook.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void minorUnitsFollowTheIso4217Exponent() {
        assertThat(Money.toMinorUnits("100.00", "USD")).isEqualTo(10_000);
        assertThat(Money.toMinorUnits("1500", "JPY")).isEqualTo(1500);
        assertThat(Money.toMinorUnits("1.234", "KWD")).isEqualTo(1234);
        assertThat(Money.toMinorUnits("12.5", "eur")).isEqualTo(1250);
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreRejectedNotRounded() {
        assertThatThrownBy(() -> Money.toMinorUnits("10.001", "USD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USD minor units");
        assertThatThrownBy(() -> Money.toMinorUnits("1.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownCurrenciesAndNonNumbersAreRejected() {
        assertThatThrownBy(() -> Money.exponent("ZZZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.exponent("EURO")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.exponent("XAU")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.toMinorUnits("1e", "USD")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void majorAndMinorUnitsRoundTripExactly(
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long minor, @ForAll("currencies") String currency) {
        BigDecimal major = Money.toMajorUnits(minor, currency);
        assertThat(Money.toMinorUnits(major, currency)).isEqualTo(minor);
        assertThat(Money.toMinorUnits(major.toPlainString(), currency.toLowerCase()))
                .isEqualTo(minor);
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of("USD", "EUR", "JPY", "KWD", "INR", "GBP", "BHD", "KRW", "CLP");
    }
}
