package dev.payhook.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.provider.Providers;
import dev.payhook.provider.WebhookSources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Sources bind from configuration as operators write it, every setting included. */
class WebhookSourceBindingTest {

    @Test
    void aSourceBindsWithItsSecretsKeysExpiriesAndReportTimeZone() {
        var source = new MapConfigurationPropertySource(Map.of(
                "payhook.sources.standard.provider", "standard-webhooks",
                "payhook.sources.standard.secrets[0]", "whsec_bmV3 expires=2027-01-01T00:00:00Z",
                "payhook.sources.standard.secrets[1]", "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
                "payhook.sources.stripe.provider", "stripe",
                "payhook.sources.stripe.secrets[0]", "whsec_s",
                "payhook.sources.stripe.report-time-zone", "Europe/Berlin"));

        IngressProperties properties = new Binder(source).bindOrCreate("payhook", IngressProperties.class);

        assertThat(properties.sources()).containsOnlyKeys("standard", "stripe");
        assertThat(properties.sources().get("standard").secrets()).hasSize(2);
        assertThat(properties.sources().get("stripe").reportTimeZone()).isEqualTo("Europe/Berlin");
        WebhookSources sources = new WebhookSources(properties.sources(), Providers.all());
        assertThat(sources.reportTimeZone("stripe")).contains(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(sources.reportTimeZone("adyen")).isEmpty();
    }
}
