package dev.payhook.provider;

import dev.payhook.common.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured sources, each bound to its provider scheme and checked once at startup. */
public final class WebhookSources {

    /**
     * @param topic where its events are published: {@code payhook.webhooks}, except for the warm-up's
     *              own source (the ingress's warm-up)
     */
    public record ConfiguredSource(String name, WebhookSource settings, Provider provider, String topic) {

        public boolean warmup() {
            return Topics.INGRESS_WARMUP.equals(topic);
        }
    }

    private final Map<String, ConfiguredSource> byName = new TreeMap<>();

    public WebhookSources(Map<String, WebhookSource> sources, List<Provider> providers) {
        Map<String, Provider> providersByName =
                providers.stream().collect(Collectors.toMap(Provider::name, Function.identity()));
        sources.forEach((name, settings) -> {
            Provider provider = providersByName.get(settings.provider());
            if (provider == null) {
                throw new IllegalArgumentException("payhook.sources." + name + ".provider must be one of "
                        + new TreeMap<>(providersByName).keySet() + ", not " + settings.provider());
            }
            for (int i = 0; i < settings.secrets().size(); i++) {
                try {
                    provider.verifier()
                            .checkSecret(WebhookSource.Secret.parse(
                                            settings.secrets().get(i))
                                    .value());
                } catch (IllegalArgumentException e) {
                    // The message names the position, never the secret.
                    throw new IllegalArgumentException(
                            "payhook.sources." + name + ".secrets[" + i + "]: " + e.getMessage());
                }
            }
            if (settings.reportTimeZone() != null) {
                try {
                    java.time.ZoneId.of(settings.reportTimeZone());
                } catch (java.time.DateTimeException e) {
                    throw new IllegalArgumentException("payhook.sources." + name + ".report-time-zone '"
                            + settings.reportTimeZone() + "' is not a time zone id such as Europe/Berlin");
                }
            }
            byName.put(name, new ConfiguredSource(name, settings, provider, Topics.WEBHOOKS));
        });
    }

    /**
     * The time zone the sources of this provider run their reports with, when they agree on one: a
     * report whose times are local is read in it unless the upload says otherwise.
     */
    public Optional<java.time.ZoneId> reportTimeZone(String provider) {
        List<String> zones = byName.values().stream()
                .filter(s ->
                        s.settings().provider().equals(provider) && s.settings().reportTimeZone() != null)
                .map(s -> s.settings().reportTimeZone())
                .distinct()
                .toList();
        return zones.size() == 1 ? Optional.of(java.time.ZoneId.of(zones.get(0))) : Optional.empty();
    }

    public Optional<ConfiguredSource> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public java.util.Collection<ConfiguredSource> all() {
        return byName.values();
    }
}
