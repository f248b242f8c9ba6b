package dev.careflow.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.topic.ISubscriptionTopicLoader;
import dev.careflow.testing.FixtureRepository;
import org.hl7.fhir.r4.model.Basic;
import org.junit.jupiter.api.Test;

/** The safety topic: stored once under its own id however often the server starts, triggered by stat safety reviews. */
class SafetyTopicTest {

    @Test
    void startingTwice_storesTheTopicOnce_triggeredByCreatedStatSafetyReviews() {
        FixtureRepository repository = FixtureRepository.empty();
        ISubscriptionTopicLoader loader = mock(ISubscriptionTopicLoader.class);
        CoordinationTopics catalogue = new CoordinationTopics(repository, loader);

        catalogue.run(null);
        catalogue.run(null);

        assertThat(repository.all(Basic.class))
                .filteredOn(b -> b.getIdElement().getIdPart().equals("careflow-safety-escalation"))
                .singleElement()
                .satisfies(b -> assertThat(b.getMeta().getVersionId()).isEqualTo("2"));
        verify(loader, times(2)).forceRefresh();
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(SafetyTopic.topic());
        assertThat(json)
                .contains(SafetyTopic.SAFETY_TOPIC)
                .contains("Task?code=https://careflow.dev/fhir/CodeSystem/care-task|safety-review&priority=stat")
                .contains("\"create\"")
                .doesNotContain("\"update\"");
    }
}
