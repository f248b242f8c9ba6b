package dev.careflow.transitions.internal;

import dev.careflow.platform.Query;
import dev.careflow.platform.UnitOfWork;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * The conditional keys of one discharge's TCM: the EpisodeOfCare and each TCM Task carry an identifier derived from the
 * discharge encounter ({@code Encounter/123/episode}, {@code Encounter/123/tcm-interactive-contact}...) and are created
 * only if none with it exists, so that a second node (or any writer without the per-encounter lock) still cannot
 * duplicate them: the database's unique conditional-create URL stops the second copy. A discharge started again after
 * its withdrawal (A13) gets keys of its own ({@code Encounter/123/2/episode}).
 */
public final class TcmKeys {

    /** The identifier system of the keys. */
    public static final String SYSTEM = Tcm.CAREFLOW + "/tcm-key";

    private final String prefix;

    /**
     * @param encounter the discharge encounter
     * @param withdrawn how many TCM episodes of this encounter were withdrawn before (entered in error)
     */
    public TcmKeys(IdType encounter, int withdrawn) {
        String id = encounter.toUnqualifiedVersionless().getValue();
        this.prefix = withdrawn == 0 ? id : id + "/" + (withdrawn + 1);
    }

    /** The key of the episode, or of a TCM Task (by its code). */
    public String key(Resource resource) {
        if (resource instanceof EpisodeOfCare) {
            return prefix + "/episode";
        }
        if (resource instanceof Task task) {
            return prefix + "/" + task.getCode().getCodingFirstRep().getCode();
        }
        throw new IllegalArgumentException("No TCM key for a " + resource.fhirType());
    }

    /** Adds the resource with its key to the unit of work, created only if no resource has that key yet. */
    public Reference create(Resource resource, UnitOfWork work) {
        String key = key(resource);
        if (resource instanceof EpisodeOfCare episode) {
            episode.addIdentifier().setSystem(SYSTEM).setValue(key);
        } else if (resource instanceof Task task) {
            task.addIdentifier().setSystem(SYSTEM).setValue(key);
        }
        return work.createIfNoneExist(resource, Query.where("identifier", Query.token(SYSTEM, key)));
    }
}
