package dev.careflow.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import ca.uhn.fhir.jpa.topic.ISubscriptionTopicLoader;
import dev.careflow.testing.FixtureRepository;
import org.hl7.fhir.r4.model.Basic;
import org.junit.jupiter.api.Test;

/**
 * The topic catalogue (coordination and safety escalation) is stored under its own ids at start-up, once however often
 * the server starts, with one refresh of the topic registry per start.
 */
class CoordinationTopicsTest {

    @Test
    void startingTwice_storesEachTopicOnce_andRefreshesTheRegistryEachTime() {
        FixtureRepository repository = FixtureRepository.empty();
        ISubscriptionTopicLoader loader = mock(ISubscriptionTopicLoader.class);
        CoordinationTopics topics = new CoordinationTopics(repository, loader);

        topics.run(null);
        topics.run(null);

        assertThat(repository.all(Basic.class))
                .extracting(b -> b.getIdElement().getIdPart())
                .containsExactlyInAnyOrder(
                        "careflow-task-changed", "careflow-servicerequest-changed", "careflow-safety-escalation");
        assertThat(repository.all(Basic.class))
                .allSatisfy(b -> assertThat(b.getMeta().getVersionId()).isEqualTo("2"));
        verify(loader, times(2)).forceRefresh();
    }
}
