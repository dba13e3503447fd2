package dev.payhook.ingress;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The ingress's packages as docs/ARCHITECTURE.md cuts them: the root owns configuration and the
 * provider registry; {@code provider} is the SPI with its HMAC and tolerance helpers and one
 * sub-package per provider, knowing nothing of HTTP endpoints or Kafka; {@code webhook} is only the
 * endpoint and its answers; no package cycles.
 */
class IngressArchitectureTest {

    private static final JavaClasses INGRESS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.payhook.ingress");

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("dev.payhook.ingress.(**)").should().beFreeOfCycles().check(INGRESS);
    }

    @Test
    void providersKnowOnlyTheProviderSpiNotTheEndpointsKafkaOrConfiguration() {
        noClasses()
                .that()
                .resideInAPackage("dev.payhook.ingress.provider..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.payhook.ingress",
                        "dev.payhook.ingress.webhook..",
                        "dev.payhook.ingress.settlement..",
                        "dev.payhook.ingress.publish..",
                        "dev.payhook.ingress.quarantine..",
                        "dev.payhook.ingress.recovery..",
                        "org.apache.kafka..",
                        "org.springframework.kafka..")
                .check(INGRESS);
    }

    @Test
    void theRootIsConfigurationAndRegistryAndDoesNotReachIntoTheEndpoints() {
        noClasses()
                .that()
                .resideInAPackage("dev.payhook.ingress")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.payhook.ingress.webhook..",
                        "dev.payhook.ingress.settlement..",
                        "dev.payhook.ingress.quarantine..",
                        "dev.payhook.ingress.recovery..")
                .check(INGRESS);
    }

    @Test
    void oneProviderDoesNotUseAnother() {
        slices().matching("dev.payhook.ingress.provider.(*)..")
                .should()
                .notDependOnEachOther()
                .check(INGRESS);
    }

    @Test
    void theWebhookPackageIsOnlyTheEndpointAndNothingDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.payhook.ingress.webhook..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.payhook.ingress.webhook..")
                .check(INGRESS);
        classes()
                .that()
                .resideInAPackage("dev.payhook.ingress.webhook")
                .should()
                .haveSimpleNameStartingWith("Webhook")
                .check(INGRESS);
    }

    @Test
    void settlementAndWebhookUploadsDoNotDependOnEachOther() {
        slices().matching("dev.payhook.ingress.(settlement|webhook)..")
                .should()
                .notDependOnEachOther()
                .check(INGRESS);
    }
}
