package dev.payhook.testkit;

import java.util.Map;

/** A webhook ready to send: the source it goes to, its exact body bytes and its signed headers. */
public record SignedWebhook(String source, String body, Map<String, String> headers) {}
