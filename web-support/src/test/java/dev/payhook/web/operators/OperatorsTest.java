package dev.payhook.web.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Operators as Spring binds them from properties, YAML lists and environment variables: the plain
 * {@code name=token} form keeps every account; {@code name.token} with {@code name.accounts} limits one.
 */
class OperatorsTest {

    private static Operators bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("payhook", Operators.class);
    }

    @Test
    void thePlainFormSeesEveryAccountAndTheScopedFormOnlyItsOwn() {
        Operators operators = bind(Map.of(
                "payhook.operators.treasury", "treasury_token_0123456789",
                "payhook.operators.de-team.token", "de_team_token_0123456789",
                "payhook.operators.de-team.accounts[0]", "merchant-de",
                "payhook.operators.de-team.accounts[1]", "merchant-at",
                "payhook.operators.fr-team.token", "fr_team_token_0123456789",
                "payhook.operators.fr-team.accounts", "merchant-fr, merchant-be"));

        Operator treasury = operators.identify("treasury_token_0123456789").orElseThrow();
        Operator de = operators.identify("de_team_token_0123456789").orElseThrow();
        Operator fr = operators.identify("fr_team_token_0123456789").orElseThrow();

        assertThat(treasury.name()).isEqualTo("treasury");
        assertThat(treasury.isScoped()).isFalse();
        assertThat(treasury.sees("merchant-de")).isTrue();
        assertThat(treasury.sees(null)).isTrue();
        assertThat(de.name()).isEqualTo("de-team");
        assertThat(de.accounts()).containsExactly("merchant-at", "merchant-de");
        assertThat(de.sees("merchant-de")).isTrue();
        assertThat(de.sees("merchant-fr")).isFalse();
        assertThat(de.sees(null))
                .as("a record of no known account may be anyone's")
                .isFalse();
        assertThat(de.seesAll(java.util.List.of("merchant-de", "merchant-at"))).isTrue();
        assertThat(de.seesAll(java.util.List.of("merchant-de", "merchant-fr"))).isFalse();
        assertThat(de.seesAll(java.util.List.of())).isFalse();
        assertThat(fr.accounts()).containsExactly("merchant-be", "merchant-fr");
        assertThat(operators.identify("not_a_token_0123456789")).isEmpty();
        assertThat(operators.toString()).doesNotContain("token_0123456789");
    }

    @Test
    void anOperatorWithAccountsAndNoTokenOrAnEmptyListRefusesToStart() {
        assertThatThrownBy(() -> bind(Map.of("payhook.operators.de-team.accounts", "merchant-de")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("payhook.operators.de-team has accounts but no token");
        assertThatThrownBy(() -> bind(Map.of(
                        "payhook.operators.de-team.token", "de_team_token_0123456789",
                        "payhook.operators.de-team.accounts", " , ")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("accounts is empty");
        assertThatThrownBy(() -> bind(Map.of(
                        "payhook.operators.de-team.token", "de_team_token_0123456789",
                        "payhook.operators.de-team.acounts", "merchant-de")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("acounts is not an operator setting");
    }
}
