package dev.payhook.processor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProcessorApplication {

    /** Each service reads its own {@code processor.yml}, so services can share a classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=processor";

    /** No page here, so no Content-Security-Policy; every answer still says nosniff and no-referrer. */
    @org.springframework.context.annotation.Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<dev.payhook.web.SecurityHeaders> securityHeaders() {
        return dev.payhook.web.SecurityHeaders.registration(null);
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProcessorApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
