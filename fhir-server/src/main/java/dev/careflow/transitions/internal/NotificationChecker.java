package dev.careflow.transitions.internal;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.IModelVisitor2;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import dev.careflow.platform.CareflowException.Kind;
import dev.careflow.transitions.NotificationEvent;
import dev.careflow.transitions.NotificationRejectedException;
import dev.careflow.transitions.ReceivedNotification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * The structural rules of a Da Vinci notification message (Unsolicited Notifications STU 1.1): a Bundle of type
 * message, a MessageHeader first with a supported event, a focus on an Encounter of the Bundle whose subject is a
 * Patient of the Bundle, every reference resolvable, every resource valid against the base specification. All problems
 * are collected and reported together.
 */
public final class NotificationChecker {

    public static final String V2_TRIGGER_SYSTEM = dev.careflow.vocabulary.CodeSystems.V2_0003;

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final Predicate<String> existsOnServer;

    /**
     * @param existsOnServer tells whether a relative reference ({@code Patient/123}) names a stored resource
     */
    public NotificationChecker(FhirContext fhirContext, FhirValidator validator, Predicate<String> existsOnServer) {
        this.fhirContext = fhirContext;
        this.validator = validator;
        this.existsOnServer = existsOnServer;
    }

    public ReceivedNotification check(Bundle message) {
        if (message == null) {
            throw new NotificationRejectedException(Kind.MALFORMED, "The request carries no Bundle");
        }
        if (message.getType() != Bundle.BundleType.MESSAGE) {
            throw new NotificationRejectedException(
                    Kind.MALFORMED,
                    "Bundle.type is " + (message.hasType() ? message.getType().toCode() : "missing")
                            + "; $process-message takes a Bundle of type message");
        }
        if (message.getEntry().isEmpty()
                || !(message.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw new NotificationRejectedException(
                    Kind.MALFORMED, "Bundle.entry[0] must be a MessageHeader (the first entry of a FHIR message)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Resource> byUrl = index(message, problems);

        NotificationEvent event = event(header, problems);
        String encounterUrl = null;
        String patientUrl = null;
        if (header.getFocus().isEmpty()) {
            problems.add("MessageHeader.focus is missing: a notification focuses on its Encounter");
        } else {
            String focus = header.getFocusFirstRep().getReference();
            Resource target = focus == null ? null : byUrl.get(focus);
            if (!(target instanceof Encounter encounter)) {
                problems.add("MessageHeader.focus '" + focus + "' does not point to an Encounter in the Bundle");
            } else {
                encounterUrl = focus;
                String subject = encounter.getSubject().getReference();
                if (!(subject != null && byUrl.get(subject) instanceof Patient)) {
                    problems.add("Encounter.subject '" + subject + "' does not point to a Patient in the Bundle");
                } else {
                    patientUrl = subject;
                }
            }
        }
        checkReferences(message, byUrl, problems);
        if (!problems.isEmpty()) {
            throw new NotificationRejectedException(Kind.UNPROCESSABLE, problems);
        }
        validate(message, byUrl, problems);
        if (!problems.isEmpty()) {
            throw new NotificationRejectedException(Kind.UNPROCESSABLE, problems);
        }
        return new ReceivedNotification(
                message,
                header,
                event,
                isUpdate(header),
                key(message, header),
                encounterUrl,
                patientUrl,
                message.hasTimestamp() ? message.getTimestamp().toInstant() : null);
    }

    /** Every entry by its fullUrl and, where it has an id, by {@code Type/id}. */
    private static Map<String, Resource> index(Bundle message, List<String> problems) {
        Map<String, Resource> byUrl = new HashMap<>();
        for (int i = 0; i < message.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = message.getEntry().get(i);
            Resource resource = entry.getResource();
            if (resource == null) {
                problems.add("Bundle.entry[" + i + "] has no resource");
                continue;
            }
            if (entry.hasFullUrl()) {
                byUrl.put(entry.getFullUrl(), resource);
            }
            if (resource.hasIdElement() && resource.getIdElement().hasIdPart()) {
                byUrl.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
            }
        }
        return byUrl;
    }

    private static NotificationEvent event(MessageHeader header, List<String> problems) {
        if (!header.hasEventCoding()) {
            problems.add("MessageHeader.eventCoding is missing (a notification has an event code, not an eventUri)");
            return null;
        }
        Coding coding = header.getEventCoding();
        if (!NotificationEvent.SYSTEM.equals(coding.getSystem())) {
            problems.add(
                    "MessageHeader.eventCoding.system '" + coding.getSystem() + "' is not " + NotificationEvent.SYSTEM);
            return null;
        }
        Optional<NotificationEvent> event = NotificationEvent.fromCode(coding.getCode());
        if (event.isEmpty()) {
            problems.add("MessageHeader.eventCoding.code '" + coding.getCode()
                    + "' is not a supported event (notification-admit, notification-discharge,"
                    + " notification-transfer and the codes beneath them)");
            return null;
        }
        return event.get();
    }

    /**
     * Each reference names an entry of the Bundle (of a type the element allows), a resource on this server, or an
     * absolute URL elsewhere.
     */
    private void checkReferences(Bundle message, Map<String, Resource> byUrl, List<String> problems) {
        FhirTerser terser = fhirContext.newTerser();
        for (int i = 0; i < message.getEntry().size(); i++) {
            Resource resource = message.getEntry().get(i).getResource();
            if (resource == null) {
                continue;
            }
            String entry = "Bundle.entry[" + i + "] (" + resource.fhirType() + ")";
            terser.visit(resource, (IModelVisitor2) (element, containers, children, definitions) -> {
                if (element instanceof Reference reference && reference.hasReference()) {
                    checkReference(entry, resource, reference, children, byUrl, problems);
                }
                return true;
            });
        }
    }

    private void checkReference(
            String entry,
            Resource resource,
            Reference reference,
            List<BaseRuntimeChildDefinition> children,
            Map<String, Resource> byUrl,
            List<String> problems) {
        String target = reference.getReference();
        if (target.startsWith("#")) {
            return;
        }
        Resource inBundle = byUrl.get(target);
        if (inBundle == null) {
            boolean relative = RELATIVE_REFERENCE.matcher(target).matches();
            if (target.startsWith("urn:") || (relative && !existsOnServer.test(target))) {
                problems.add(entry + " refers to '" + target + "', which is neither in the Bundle nor on this server");
            }
            return;
        }
        BaseRuntimeChildDefinition child = children.isEmpty() ? null : children.get(children.size() - 1);
        if (child instanceof RuntimeChildResourceDefinition declared
                && declared.getResourceTypes().stream().noneMatch(type -> type.isInstance(inBundle))) {
            String path = resource.fhirType() + "."
                    + children.stream()
                            .map(BaseRuntimeChildDefinition::getElementName)
                            .collect(Collectors.joining("."));
            problems.add(entry + " refers at " + path + " to '" + target + "', a " + inBundle.fhirType()
                    + ", where the element allows only "
                    + declared.getResourceTypes().stream()
                            .map(type -> fhirContext.getResourceType(type))
                            .collect(Collectors.joining(", ")));
        }
    }

    private static final Pattern RELATIVE_REFERENCE =
            Pattern.compile("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}(/_history/.*)?");

    private static final Pattern ENTRY_LOCATION = Pattern.compile("^Bundle\\.entry\\[(\\d+)]");

    /**
     * The whole message in one validator run (each run builds a new core InstanceValidator, whose set-up costs more
     * than checking a resource), against the base specification: senders claim profiles (US Core, Da Vinci) this
     * server does not hold.
     *
     * <p>The references between entries are taken out of the copy validated: {@link #checkReferences} has checked them
     * (each names an entry of a type its element allows), and the core validator would otherwise validate the entry a
     * reference names once more for every reference to it: about a third of the CPU a discharge message took (W4).
     * Each entry is still validated once, as an entry of the Bundle.
     */
    private void validate(Bundle message, Map<String, Resource> byUrl, List<String> problems) {
        Bundle copy = message.copy();
        copy.getMeta().getProfile().clear();
        FhirTerser terser = fhirContext.newTerser();
        for (Bundle.BundleEntryComponent entry : copy.getEntry()) {
            if (entry.getResource() != null) {
                entry.getResource().getMeta().getProfile().clear();
                for (Reference reference :
                        terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                    if (reference.hasReference() && byUrl.containsKey(reference.getReference())) {
                        if (!reference.hasDisplay()) {
                            reference.setDisplay(reference.getReference());
                        }
                        reference.setReferenceElement((StringType) null);
                        // Parsing links a reference to the entry it names; encoding would write that entry's id back.
                        reference.setResource(null);
                    }
                }
            }
        }
        for (SingleValidationMessage issue : validator.validateWithResult(copy).getMessages()) {
            if (issue.getSeverity() == null || issue.getSeverity().ordinal() < ResultSeverityEnum.ERROR.ordinal()) {
                continue;
            }
            String location = issue.getLocationString() == null ? "Bundle" : issue.getLocationString();
            Matcher entry = ENTRY_LOCATION.matcher(location);
            String what = "The message";
            if (entry.find()) {
                int index = Integer.parseInt(entry.group(1));
                Resource resource = index < message.getEntry().size()
                        ? message.getEntry().get(index).getResource()
                        : null;
                what = "Bundle.entry[" + index + "]" + (resource == null ? "" : " (" + resource.fhirType() + ")");
            }
            problems.add(what + " is invalid at " + location + ": " + issue.getMessage());
        }
    }

    private static boolean isUpdate(MessageHeader header) {
        return header.getReason().getCoding().stream()
                .anyMatch(c -> V2_TRIGGER_SYSTEM.equals(c.getSystem()) && "A08".equals(c.getCode()));
    }

    /** Bundle.identifier when the sender gives one, else the MessageHeader's id with the sender's endpoint. */
    static String key(Bundle message, MessageHeader header) {
        String raw;
        if (message.hasIdentifier() && message.getIdentifier().hasValue()) {
            raw = "identifier|" + message.getIdentifier().getSystem() + "|"
                    + message.getIdentifier().getValue();
        } else {
            String headerId = header.getIdElement().hasIdPart()
                    ? header.getIdElement().getIdPart()
                    : message.getEntryFirstRep().getFullUrl();
            raw = "header|" + headerId + "|" + header.getSource().getEndpoint();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
