package dev.payhook.provider;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * provider-support's packages as docs/ARCHITECTURE.md cuts them: the root is the provider SPI with its
 * HMAC and tolerance helpers, and each provider has a sub-package; they know nothing of reports, Kafka
 * or any service. {@code settlement} reads report layouts without publishing them; {@code publish}
 * writes to Kafka. No package cycles.
 */
class ProviderSupportArchitectureTest {

    private static final String[] PROVIDERS = {
        "dev.payhook.provider",
        "dev.payhook.provider.adyen..",
        "dev.payhook.provider.generic..",
        "dev.payhook.provider.razorpay..",
        "dev.payhook.provider.standardwebhooks..",
        "dev.payhook.provider.stripe.."
    };

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.payhook.provider");

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("dev.payhook.provider.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void providersKnowOnlyTheProviderSpiNotReportsKafkaOrTheServices() {
        noClasses()
                .that()
                .resideInAnyPackage(PROVIDERS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.payhook.provider.settlement..",
                        "dev.payhook.provider.publish..",
                        "dev.payhook.ingress..",
                        "dev.payhook.collector..",
                        "org.apache.kafka..",
                        "org.springframework.kafka..")
                .check(CLASSES);
    }

    @Test
    void reportLayoutsAreReadWithoutPublishing() {
        noClasses()
                .that()
                .resideInAPackage("dev.payhook.provider.settlement..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.payhook.provider.publish..", "org.apache.kafka..", "org.springframework.kafka..")
                .check(CLASSES);
    }

    @Test
    void oneProviderDoesNotUseAnother() {
        slices().matching("dev.payhook.provider.(adyen|generic|razorpay|standardwebhooks|stripe)..")
                .should()
                .notDependOnEachOther()
                .check(CLASSES);
    }
}
