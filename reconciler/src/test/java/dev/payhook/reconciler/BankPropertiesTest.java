package dev.payhook.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.reconciler.matching.BankAccount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The bank accounts as Spring binds them from configuration, each with the merchant accounts it serves. */
class BankPropertiesTest {

    @Test
    void eachBankAccountBindsWithTheMerchantAccountsWhosePayoutsItTakes() {
        BankProperties bank = new Binder(new MapConfigurationPropertySource(Map.of(
                        "payhook.bank.accounts.operating-de.account", "DE89 3704 0044 0532 0130 00",
                        "payhook.bank.accounts.operating-de.currency", "eur",
                        "payhook.bank.accounts.operating-de.providers[0]", "adyen",
                        "payhook.bank.accounts.operating-de.merchant-accounts[0]", "PayhookDE",
                        "payhook.bank.accounts.operating-any.account", "GB29NWBK60161331926819",
                        "payhook.bank.accounts.operating-any.currency", "GBP",
                        "payhook.bank.accounts.operating-any.netting", "daily")))
                .bindOrCreate("payhook.bank", BankProperties.class);

        BankAccount de = bank.accounts().get("operating-de");
        BankAccount any = bank.accounts().get("operating-any");
        assertThat(de.account()).isEqualTo("DE89370400440532013000");
        assertThat(de.currency()).isEqualTo("EUR");
        assertThat(de.providers()).containsExactly("adyen");
        assertThat(de.merchantAccounts()).containsExactly("PayhookDE");
        assertThat(de.merchantAccount()).isEqualTo("PayhookDE");
        assertThat(de.takesPayoutsOf(List.of("PayhookDE"))).isTrue();
        assertThat(de.takesPayoutsOf(List.of("PayhookFR"))).isFalse();
        assertThat(any.netting()).isEqualTo(BankAccount.Netting.DAILY);
        assertThat(any.merchantAccounts()).isEmpty();
        assertThat(any.takesPayoutsOf(List.of("PayhookFR"))).isTrue();
    }
}
