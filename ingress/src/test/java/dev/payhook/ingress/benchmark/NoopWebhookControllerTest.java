package dev.payhook.ingress.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The benchmark baseline accepts anything, so it exists only where it is switched on. */
class NoopWebhookControllerTest {

    private final WebApplicationContextRunner context =
            new WebApplicationContextRunner().withUserConfiguration(NoopWebhookController.class);

    @Test
    void offUnlessSwitchedOn() {
        context.run(app -> assertThat(app).doesNotHaveBean(NoopWebhookController.class));
        context.withPropertyValues("payhook.benchmark.noop-endpoint=false")
                .run(app -> assertThat(app).doesNotHaveBean(NoopWebhookController.class));
    }

    @Test
    void onWhenSwitchedOn() {
        context.withPropertyValues("payhook.benchmark.noop-endpoint=true")
                .run(app -> assertThat(app).hasSingleBean(NoopWebhookController.class));
    }
}
