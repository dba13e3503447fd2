package dev.payhook.systemtests;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.testcontainers.kafka.KafkaContainer;

/**
 * With {@code -Dpayhook.it.broker=testcontainers} the system tests run against a Kafka broker in a
 * container (Testcontainers, on machines with Docker) instead of spring-kafka-test's in-process KRaft
 * broker, which stays the default and is CI's path. The broker's address goes where the tests read
 * the in-process one's: {@code spring.embedded.kafka.brokers}.
 */
public final class TestcontainersBroker implements TestExecutionListener {

    static final String PROPERTY = "payhook.it.broker";
    private static final String IMAGE = "apache/kafka:4.1.1";

    private KafkaContainer kafka;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (!"testcontainers".equals(System.getProperty(PROPERTY))) {
            return;
        }
        kafka = new KafkaContainer(IMAGE);
        try {
            kafka.start();
        } catch (RuntimeException e) {
            // The launcher only logs a listener's exception: say plainly why every test will fail.
            System.err.println("payhook.it.broker=testcontainers needs a Docker engine: " + e.getMessage());
            throw e;
        }
        System.setProperty("spring.embedded.kafka.brokers", kafka.getBootstrapServers());
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (kafka != null) {
            kafka.stop();
        }
    }
}
