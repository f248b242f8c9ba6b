package dev.careflow.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.careflow.CareflowIT;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Topic-based subscriptions (Subscriptions R5 Backport on R4) that really fire: a real HTTP listener inside the test
 * receives the notification of a referral within a second of the change.
 */
class TopicSubscriptionIT extends CareflowIT {

    private static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    private HttpServer listener;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void listen() throws IOException {
        listener = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        listener.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            // As a FHIR endpoint would: HAPI's delivery client reads the answer as FHIR.
            byte[] answer =
                    "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.stop(0);
    }

    private IdType subscribe(String topic, String filter, String content) {
        Subscription subscription = new Subscription();
        subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Referrals for our organisation");
        subscription.setCriteria(topic);
        subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint("http://localhost:" + listener.getAddress().getPort() + "/hook")
                .setPayload("application/fhir+json");
        subscription
                .getChannel()
                .getPayloadElement()
                .addExtension(BACKPORT + "backport-payload-content", new CodeType(content));
        IdType id = (IdType)
                client.create().resource(subscription).execute().getId().toUnqualifiedVersionless();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.read().resource(Subscription.class).withId(id).execute().getStatus()
                != Subscription.SubscriptionStatus.ACTIVE) {
            assertThat(System.nanoTime()).as("subscription active within 30 s").isLessThan(deadline);
            sleep(100);
        }
        // The registry learns of the new subscription through HAPI's own queue: give it a moment, and drop any
        // handshake it sent.
        sleep(1_000);
        received.clear();
        return id;
    }

    /** The next event notification (handshakes and heartbeats are skipped), waiting at most the given time. */
    private Bundle nextEvent(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String body = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (body == null) {
                return null;
            }
            Bundle bundle = parse(Bundle.class, body);
            Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
            String type = status.getParameter().stream()
                    .filter(p -> p.getName().equals("type"))
                    .map(p -> p.getValue().primitiveValue())
                    .findFirst()
                    .orElse("");
            if ("event-notification".equals(type)) {
                return bundle;
            }
        }
    }

    private IdType organisation(String name) {
        Organization organization = new Organization();
        organization.setName(name);
        return (IdType) client.create().resource(organization).execute().getId().toUnqualifiedVersionless();
    }

    private IdType referTo(IdType performer) {
        IdType patient = createPatient("Subscribed");
        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(patient));
        request.addPerformer(new Reference(performer));
        request.getCode().setText("Transportation to appointments");
        IdType requestId =
                (IdType) client.create().resource(request).execute().getId().toUnqualifiedVersionless();
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null)));
        task.setFocus(new Reference(requestId));
        task.setFor(new Reference(patient));
        task.setOwner(new Reference(performer));
        return (IdType) client.create().resource(task).execute().getId().toUnqualifiedVersionless();
    }

    @Test
    void aReferralToTheOrganisation_isDeliveredWithinASecond_withTheFullResource() throws Exception {
        IdType transport = organisation("Ride Share Co-op");
        IdType subscription =
                subscribe(CoordinationTopics.TASK_TOPIC, "Task?owner=" + transport.getValue(), "full-resource");

        long sent = System.nanoTime();
        IdType task = referTo(transport);
        Bundle notification = nextEvent(Duration.ofSeconds(5));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

        org.slf4j.LoggerFactory.getLogger(TopicSubscriptionIT.class)
                .info("Referral notification received {} ms after the change", millis);
        assertThat(notification).as("notification received").isNotNull();
        assertThat(millis).as("ms from the change to the notification").isLessThan(1_000);
        assertThat(notification.getType()).isEqualTo(Bundle.BundleType.HISTORY);
        Parameters status = (Parameters) notification.getEntryFirstRep().getResource();
        assertThat(status.getParameter())
                .filteredOn(p -> p.getName().equals("subscription"))
                .singleElement()
                .satisfies(p ->
                        assertThat(((Reference) p.getValue()).getReference()).contains(subscription.getIdPart()));
        assertThat(status.getParameter())
                .filteredOn(p -> p.getName().equals("topic"))
                .singleElement()
                .satisfies(p -> assertThat(p.getValue().primitiveValue()).isEqualTo(CoordinationTopics.TASK_TOPIC));
        assertThat(notification.getEntry())
                .extracting(
                        e -> e.getResource() == null ? null : e.getResource().fhirType())
                .contains("Task");
        Task delivered = deliveredTask(notification);
        assertThat(delivered.getIdElement().getIdPart()).isEqualTo(task.getIdPart());
        assertThat(delivered.getOwner().getReference()).isEqualTo(transport.getValue());

        // Another organisation's referral is not theirs to hear of.
        referTo(organisation("Somebody Else"));
        assertThat(nextEvent(Duration.ofSeconds(2))).isNull();
    }

    @Test
    void anIdOnlySubscription_getsTheReferenceWithoutTheResource() throws Exception {
        IdType foodBank = organisation("Northside Food Bank");
        subscribe(
                CoordinationTopics.SERVICE_REQUEST_TOPIC, "ServiceRequest?performer=" + foodBank.getValue(), "id-only");

        referTo(foodBank);
        Bundle notification = nextEvent(Duration.ofSeconds(5));

        assertThat(notification).as("notification received").isNotNull();
        assertThat(notification.getEntry()).hasSizeGreaterThan(1);
        Bundle.BundleEntryComponent entry = notification.getEntry().get(1);
        assertThat(entry.getFullUrl()).contains("ServiceRequest/");
        assertThat(entry.getResource()).isNull();
    }

    @Test
    void aPositiveItem9_notifiesTheSafetyTopicsSubscriber_andARoutineTaskDoesNot() throws Exception {
        IdType patient = createPatient("Safety topic");
        IdType manager = (IdType) client.create()
                .resource(new org.hl7.fhir.r4.model.Practitioner()
                        .addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Manager")))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        org.hl7.fhir.r4.model.CareTeam team = new org.hl7.fhir.r4.model.CareTeam();
        team.setStatus(org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant()
                .addRole(new CodeableConcept(
                        new Coding("https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", null)))
                .setMember(new Reference(manager));
        client.create().resource(team).execute();
        subscribe(SafetyTopic.SAFETY_TOPIC, "Task?patient=" + patient.getValue(), "full-resource");

        Task routine = new Task();
        routine.setStatus(Task.TaskStatus.REQUESTED);
        routine.setIntent(Task.TaskIntent.ORDER);
        routine.setFor(new Reference(patient));
        routine.setCode(new CodeableConcept(
                new Coding("https://careflow.dev/fhir/CodeSystem/care-task", "care-plan-review", null)));
        client.create().resource(routine).execute();
        assertThat(nextEvent(Duration.ofSeconds(2)))
                .as("a routine Task is no safety event")
                .isNull();

        dev.careflow.Screenings screenings = new dev.careflow.Screenings(client);
        IdType response = screenings.store(
                screenings.phq9(patient, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 2}, "2026-11-20T10:00:00-05:00"));
        Bundle notification = nextEvent(Duration.ofSeconds(10));

        assertThat(notification).as("safety notification received").isNotNull();
        Parameters status = (Parameters) notification.getEntryFirstRep().getResource();
        assertThat(status.getParameter())
                .filteredOn(p -> p.getName().equals("topic"))
                .singleElement()
                .satisfies(p -> assertThat(p.getValue().primitiveValue()).isEqualTo(SafetyTopic.SAFETY_TOPIC));
        Task delivered = deliveredTask(notification);
        assertThat(delivered.getPriority()).isEqualTo(Task.TaskPriority.STAT);
        assertThat(delivered.getCode().getCodingFirstRep().getCode()).isEqualTo("safety-review");
        assertThat(delivered.getFor().getReference()).isEqualTo(patient.getValue());
        assertThat(delivered.getFocus().getReference()).isEqualTo(response.getValue());
    }

    private static Task deliveredTask(Bundle notification) {
        return notification.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
