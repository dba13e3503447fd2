package dev.payhook.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.DisputeStage;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;

/**
 * What one provider fixture must map to: a canonical event with these fields, or nothing, for the
 * stated reason. Fields left null are not part of the expectation.
 */
public record FixtureExpectation(
        String fixture,
        PaymentEventType type,
        DisputeStage stage,
        String paymentId,
        String refundId,
        String captureId,
        Long amount,
        String unmappableBecause) {

    public static FixtureExpectation maps(String fixture, PaymentEventType type, String paymentId) {
        return new FixtureExpectation(fixture, type, null, paymentId, null, null, null, null);
    }

    public static FixtureExpectation notMapped(String fixture, String because) {
        return new FixtureExpectation(fixture, null, null, null, null, null, null, because);
    }

    public FixtureExpectation atStage(DisputeStage stage) {
        return new FixtureExpectation(fixture, type, stage, paymentId, refundId, captureId, amount, unmappableBecause);
    }

    public FixtureExpectation refund(String refundId) {
        return new FixtureExpectation(fixture, type, stage, paymentId, refundId, captureId, amount, unmappableBecause);
    }

    public FixtureExpectation capture(String captureId) {
        return new FixtureExpectation(fixture, type, stage, paymentId, refundId, captureId, amount, unmappableBecause);
    }

    public FixtureExpectation amount(long amount) {
        return new FixtureExpectation(fixture, type, stage, paymentId, refundId, captureId, amount, unmappableBecause);
    }

    /** The mapping of the fixture meets this expectation, and says why when it does not. */
    public void check(Mapping mapping) {
        if (unmappableBecause != null) {
            assertThat(mapping.events()).as(fixture + " maps to no event").isEmpty();
            assertThat(mapping.unmappable())
                    .as(fixture + " is quarantined with its reason")
                    .singleElement()
                    .asString()
                    .contains(unmappableBecause);
            return;
        }
        assertThat(mapping.unmappable()).as(fixture + " has nothing unmappable").isEmpty();
        assertThat(mapping.events()).as(fixture + " maps to one event").hasSize(1);
        PaymentEvent event = mapping.events().get(0);
        assertThat(event.type()).as(fixture + " type").isEqualTo(type);
        assertThat(event.paymentId()).as(fixture + " payment").isEqualTo(paymentId);
        assertThat(event.refundId()).as(fixture + " refund id").isEqualTo(refundId);
        assertThat(event.disputeStage()).as(fixture + " dispute stage").isEqualTo(stage);
        if (captureId != null) {
            assertThat(event.captureId()).as(fixture + " capture id").isEqualTo(captureId);
        }
        if (amount != null) {
            assertThat(event.amount()).as(fixture + " amount").isEqualTo(amount);
        }
    }
}
