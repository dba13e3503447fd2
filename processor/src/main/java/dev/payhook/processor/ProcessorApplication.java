package dev.payhook.processor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProcessorApplication {

    /** Each service reads its own {@code processor.yml}, so services can share a classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=processor";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProcessorApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
