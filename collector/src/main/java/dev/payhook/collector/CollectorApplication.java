package dev.payhook.collector;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CollectorApplication {

    /** Each service reads its own {@code collector.yml}, so services can share a classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=collector";

    public static void main(String[] args) {
        new SpringApplicationBuilder(CollectorApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
