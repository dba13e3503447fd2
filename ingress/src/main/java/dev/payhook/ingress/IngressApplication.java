package dev.payhook.ingress;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IngressApplication {

    /** Each service reads its own {@code ingress.yml}, so services can share a classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=ingress";

    public static void main(String[] args) {
        new SpringApplicationBuilder(IngressApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
