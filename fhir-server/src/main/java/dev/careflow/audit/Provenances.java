package dev.careflow.audit;

import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * The one way Careflow says who did what to which resources: a Provenance with its targets, the activity (a
 * v3-DataOperation code), the reason, the agents by participant type, and the entities it came from.
 *
 * <pre>{@code
 * Provenances.of(Activity.UPDATE, "Care plan revised", clock).target(next).author(who).revisionOf(previous).build()
 * }</pre>
 */
public final class Provenances {

    /** What was done (HL7 v3 DataOperation). */
    public enum Activity {
        CREATE("create"),
        UPDATE("revise");

        private final String display;

        Activity(String display) {
            this.display = display;
        }
    }

    private final Provenance provenance = new Provenance();

    private Provenances(Activity activity, String reason, Clock clock) {
        provenance.setRecorded(Date.from(clock.instant()));
        provenance.setActivity(
                new CodeableConcept(new Coding(CodeSystems.V3_DATA_OPERATION, activity.name(), activity.display)));
        provenance.addReason().setText(reason);
    }

    public static Provenances of(Activity activity, String reason, Clock clock) {
        return new Provenances(activity, reason, clock);
    }

    /** A resource this Provenance is about (a reference, {@code urn:uuid:} within a transaction). */
    public Provenances target(Reference target) {
        provenance.addTarget(target.copy());
        return this;
    }

    public Provenances target(String reference) {
        return target(new Reference(reference));
    }

    /** Who made the decision. */
    public Provenances author(Reference who) {
        return agent("author", "Author", who);
    }

    /** What assembled the resources (Careflow itself, naming the operation). */
    public Provenances assembler(String what) {
        return agent("assembler", "Assembler", new Reference().setDisplay(what));
    }

    /** A resource the targets were derived from. */
    public Provenances source(String reference) {
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference(reference));
        return this;
    }

    /** The version the targets revise. */
    public Provenances revisionOf(String reference) {
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.REVISION).setWhat(new Reference(reference));
        return this;
    }

    public Provenance build() {
        return provenance.copy();
    }

    private Provenances agent(String code, String display, Reference who) {
        provenance
                .addAgent()
                .setType(new CodeableConcept(new Coding(CodeSystems.PROVENANCE_PARTICIPANT_TYPE, code, display)))
                .setWho(who.copy());
        return this;
    }
}
