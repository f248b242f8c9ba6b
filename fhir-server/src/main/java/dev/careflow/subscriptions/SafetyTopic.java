package dev.careflow.subscriptions;

import ca.uhn.fhir.jpa.topic.R4SubscriptionTopicBuilder;
import dev.careflow.task.CareTask;
import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * The subscription topic of safety escalation, an R4 backport topic (a Basic resource, Subscriptions R5 Backport IG)
 * stored at start-up with the others ({@link CoordinationTopics}): a clinician's paging or messaging system subscribes
 * to it and is told the moment a screen raises an urgent safety review (a PHQ-9 with item 9 above 0: a Task of code
 * {@code safety-review}, priority {@code stat}, for the care manager and the supervising clinician). Filter by owner or
 * patient; the notification includes the patient and the QuestionnaireResponse in focus.
 */
final class SafetyTopic {

    static final String SAFETY_TOPIC = "https://careflow.dev/fhir/SubscriptionTopic/safety-escalation";

    /** The Tasks of the topic: urgent safety reviews. */
    static final String SAFETY_REVIEWS =
            "Task?code=" + CodeSystems.CARE_TASK + "|" + CareTask.SAFETY_REVIEW.code() + "&priority=stat";

    private SafetyTopic() {}

    static Basic topic() {
        R4SubscriptionTopicBuilder topic = new R4SubscriptionTopicBuilder()
                .setId("careflow-safety-escalation")
                .setUrl(SAFETY_TOPIC)
                .setVersion("0.1.0")
                .setName("SafetyEscalation")
                .setTitle("Urgent safety review raised")
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDescription("A screen raised an urgent safety review: a PHQ-9 with item 9 (thoughts of self-harm)"
                        + " above 0 created a stat Task for the patient's care manager and supervising clinician, due"
                        + " the same day.")
                .addResourceTrigger()
                .setResourceTriggerDescription("An urgent safety review Task created")
                .setResourceTriggerResource("Task")
                .addResourceTriggerSupportedInteraction("create")
                .addResourceTriggerQueryCriteria()
                .setResourceTriggerQueryCriteriaCurrent(SAFETY_REVIEWS)
                .setResourceTriggerQueryCriteriaRequireBoth(false);
        for (String parameter : List.of("owner", "patient")) {
            topic.addCanFilterBy().setCanFilterByResource("Task").setCanFilterByParameter(parameter);
        }
        topic.addNotificationShape()
                .setNotificationShapeResource("Task")
                .addNotificationShapeInclude("Task:focus")
                .addNotificationShapeInclude("Task:patient");
        return topic.build();
    }
}
