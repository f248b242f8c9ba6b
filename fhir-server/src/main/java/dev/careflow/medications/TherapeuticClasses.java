package dev.careflow.medications;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;

/**
 * Which therapeutic class a medication belongs to (pure): its own WHO ATC coding when it carries one, else the ATC code
 * the ConceptMap {@value #CONCEPT_MAP} (terminology package) gives its RxNorm code. The class compared is the ATC
 * chemical subgroup (level 4, five characters: {@code C09AA} ACE inhibitors), except where a coarser group is one
 * therapeutic class for duplication ({@link #GROUPS}): an ACE inhibitor, an angiotensin receptor blocker or any other
 * renin-angiotensin system inhibitor together is dual blockade ({@code C09}); two NSAIDs of different chemical groups
 * are still two NSAIDs ({@code M01A}).
 */
public final class TherapeuticClasses {

    public static final String CONCEPT_MAP = "https://careflow.dev/fhir/ConceptMap/rxnorm-to-atc";
    public static final String ATC = "http://www.whocc.no/atc";

    /** ATC prefixes one therapeutic class whatever the chemical subgroup, with the class's name. */
    static final Map<String, String> GROUPS = Map.of(
            "C09", "renin-angiotensin system inhibitors",
            "M01A", "non-steroidal anti-inflammatory drugs");

    /** A therapeutic class: its key (an ATC level-4 code or a group's prefix) and its name. */
    public record TherapeuticClass(String key, String name) {}

    private final Map<String, String> atcByRxNorm;

    /** @param atcByRxNorm RxNorm code to ATC code */
    public TherapeuticClasses(Map<String, String> atcByRxNorm) {
        this.atcByRxNorm = Map.copyOf(atcByRxNorm);
    }

    /** The classes of the ConceptMap's RxNorm-to-ATC groups. */
    public static TherapeuticClasses of(List<ConceptMap> maps) {
        return new TherapeuticClasses(maps.stream()
                .flatMap(map -> map.getGroup().stream())
                .filter(group -> MedicationEntries.RXNORM.equals(group.getSource()) && ATC.equals(group.getTarget()))
                .flatMap(group -> group.getElement().stream())
                .filter(element ->
                        element.hasTarget() && element.getTargetFirstRep().hasCode())
                .collect(Collectors.toMap(
                        ConceptMap.SourceElementComponent::getCode,
                        element -> element.getTargetFirstRep().getCode(),
                        (first, second) -> first)));
    }

    /** The medication's class, or empty when neither its codings nor the map classify it. */
    public Optional<TherapeuticClass> classOf(CodeableConcept medication) {
        Optional<String> atc = medication.getCoding().stream()
                .filter(c -> ATC.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .findFirst()
                .or(() -> medication.getCoding().stream()
                        .filter(c -> MedicationEntries.RXNORM.equals(c.getSystem()))
                        .map(c -> atcByRxNorm.get(c.getCode()))
                        .filter(code -> code != null)
                        .findFirst());
        return atc.filter(code -> code.length() >= 5).map(TherapeuticClasses::classOfAtc);
    }

    static TherapeuticClass classOfAtc(String atc) {
        return GROUPS.entrySet().stream()
                .filter(group -> atc.startsWith(group.getKey()))
                .findFirst()
                .map(group -> new TherapeuticClass(group.getKey(), group.getValue()))
                .orElseGet(() -> new TherapeuticClass(atc.substring(0, 5), "ATC " + atc.substring(0, 5)));
    }
}
