package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;

/**
 * What a completed screening says.
 *
 * @param instrument the instrument scored
 * @param answers each answered choice item (by linkId, in questionnaire order): its code and chosen answers
 * @param total the total score, for instruments that have one
 * @param band the total's band (for example "moderate"), for instruments that have bands
 * @param positive for screens without a total (Hunger Vital Sign): whether the screen is positive
 * @param findings each need found, with the linkIds of the answers that show it
 */
public record Score(
        Instrument instrument,
        Map<String, Answer> answers,
        Optional<Integer> total,
        Optional<String> band,
        Optional<Boolean> positive,
        Map<HealthConcern, List<String>> findings) {

    /** One answered item: its code (LOINC for the standard instruments), text and chosen answers with their scores. */
    public record Answer(Coding code, String text, List<Coding> chosen, int points) {}
}
