package dev.payhook.provider;

/** A verified payload in, canonical payment events out. One per provider scheme. */
@FunctionalInterface
public interface EventMapper {

    Mapping map(WebhookRequest request);
}
