package dev.careflow.subscriptions;

import ca.uhn.fhir.jpa.topic.ISubscriptionTopicLoader;
import ca.uhn.fhir.jpa.topic.R4SubscriptionTopicBuilder;
import ca.uhn.fhir.repository.IRepository;
import java.util.List;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Enumerations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Careflow's subscription topic catalogue, stored at start-up with one refresh of HAPI's topic registry: the topics of
 * care coordination below and the safety-escalation topic ({@link SafetyTopic}). The coordination topics are stored as R4 backport topics (Basic resources, Subscriptions
 * R5 Backport IG), so that a community organisation's or an EHR's system can subscribe to referral work the moment it
 * changes: a Task created or updated (filter by owner, patient, status, code, focus) and a ServiceRequest created or
 * updated (filter by performer, patient, status, category). The Task notification includes the ServiceRequest in focus
 * and the Patient; the ServiceRequest one includes the Patient.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CoordinationTopics implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CoordinationTopics.class);

    static final String TASK_TOPIC = "https://careflow.dev/fhir/SubscriptionTopic/task-changed";
    static final String SERVICE_REQUEST_TOPIC = "https://careflow.dev/fhir/SubscriptionTopic/servicerequest-changed";

    private final IRepository repository;
    private final ISubscriptionTopicLoader topicLoader;

    CoordinationTopics(IRepository repository, ISubscriptionTopicLoader topicLoader) {
        this.repository = repository;
        this.topicLoader = topicLoader;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Basic topic : topics()) {
            repository.update(topic);
        }
        // The topic registry reloads on its own every so often; subscribers should not wait for it.
        topicLoader.forceRefresh();
        log.info("Subscription topics ready: {}, {}, {}", TASK_TOPIC, SERVICE_REQUEST_TOPIC, SafetyTopic.SAFETY_TOPIC);
    }

    /** Every topic Careflow offers. */
    static List<Basic> topics() {
        List<Basic> topics = new java.util.ArrayList<>(coordination());
        topics.add(SafetyTopic.topic());
        return topics;
    }

    private static List<Basic> coordination() {
        R4SubscriptionTopicBuilder task = new R4SubscriptionTopicBuilder()
                .setId("careflow-task-changed")
                .setUrl(TASK_TOPIC)
                .setVersion("0.1.0")
                .setName("TaskChanged")
                .setTitle("Task created or changed")
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDescription("A Task was created or updated: a referral sent, accepted, rejected or completed, a"
                        + " patient task assigned, a follow-up raised.")
                .addResourceTrigger()
                .setResourceTriggerDescription("Any Task created or updated")
                .setResourceTriggerResource("Task")
                .addResourceTriggerSupportedInteraction("create")
                .addResourceTriggerSupportedInteraction("update");
        for (String parameter : List.of("owner", "patient", "status", "code", "focus", "requester")) {
            task.addCanFilterBy().setCanFilterByResource("Task").setCanFilterByParameter(parameter);
        }
        task.addNotificationShape()
                .setNotificationShapeResource("Task")
                .addNotificationShapeInclude("Task:focus")
                .addNotificationShapeInclude("Task:patient");

        R4SubscriptionTopicBuilder request = new R4SubscriptionTopicBuilder()
                .setId("careflow-servicerequest-changed")
                .setUrl(SERVICE_REQUEST_TOPIC)
                .setVersion("0.1.0")
                .setName("ServiceRequestChanged")
                .setTitle("ServiceRequest created or changed")
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDescription("A ServiceRequest (a referral's order) was created or updated.")
                .addResourceTrigger()
                .setResourceTriggerDescription("Any ServiceRequest created or updated")
                .setResourceTriggerResource("ServiceRequest")
                .addResourceTriggerSupportedInteraction("create")
                .addResourceTriggerSupportedInteraction("update");
        for (String parameter : List.of("performer", "patient", "status", "category", "code")) {
            request.addCanFilterBy().setCanFilterByResource("ServiceRequest").setCanFilterByParameter(parameter);
        }
        request.addNotificationShape()
                .setNotificationShapeResource("ServiceRequest")
                .addNotificationShapeInclude("ServiceRequest:patient");
        return List.of(task.build(), request.build());
    }
}
