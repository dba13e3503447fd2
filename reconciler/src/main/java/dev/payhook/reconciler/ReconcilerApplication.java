package dev.payhook.reconciler;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReconcilerApplication {

    /** Each service reads its own {@code reconciler.yml}, so services can share a classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=reconciler";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ReconcilerApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
