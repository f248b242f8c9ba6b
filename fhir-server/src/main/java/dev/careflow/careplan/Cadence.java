package dev.careflow.careplan;

import dev.careflow.vocabulary.CodeSystems;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing;

/**
 * A repeating activity of a care plan, such as a follow-up call every 14 days: one occurrence every
 * {@code period / frequency} of a Timing's {@code repeat}. The MCC eCare Plan way is an activity that references a
 * ServiceRequest whose {@code code} is a Careflow care task and whose {@code occurrenceTiming} repeats; a plain
 * {@code activity.detail} with a {@code scheduledTiming} is read too.
 *
 * @param request the ServiceRequest the activity references, when it is one ({@code ServiceRequest/id})
 */
record Cadence(String code, String display, Period every, Optional<String> request) {

    /**
     * One cadence per care task: several activities for the same task (three follow-up-call requests, say) are one
     * cadence at the most frequent of their intervals, so the patient has one open Task for it, not one per request.
     */
    static List<Cadence> perCareTask(List<Cadence> cadences) {
        Map<String, Cadence> byCode = new LinkedHashMap<>();
        for (Cadence cadence : cadences) {
            byCode.merge(
                    cadence.code(),
                    cadence,
                    (a, b) -> b.every().getDays() < a.every().getDays() ? b : a);
        }
        return List.copyOf(byCode.values());
    }

    /** The cadence of an activity detail that repeats a Careflow care task, if it has one. */
    static Optional<Cadence> of(CarePlan.CarePlanActivityComponent activity) {
        if (!activity.hasDetail()
                || !activity.getDetail().hasScheduledTiming()
                || activity.getDetail().getStatus() == CarePlan.CarePlanActivityStatus.CANCELLED
                || activity.getDetail().getStatus() == CarePlan.CarePlanActivityStatus.COMPLETED
                || activity.getDetail().getStatus() == CarePlan.CarePlanActivityStatus.STOPPED) {
            return Optional.empty();
        }
        return of(activity.getDetail().getCode(), activity.getDetail().getScheduledTiming(), Optional.empty());
    }

    /** The cadence of an active ServiceRequest for a repeating Careflow care task, if it has one. */
    static Optional<Cadence> of(ServiceRequest request) {
        if (request.getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE
                || !(request.getOccurrence() instanceof Timing timing)) {
            return Optional.empty();
        }
        return of(
                request.getCode(),
                timing,
                Optional.of(request.getIdElement().toUnqualifiedVersionless().getValue()));
    }

    private static Optional<Cadence> of(CodeableConcept code, Timing timing, Optional<String> request) {
        var coding = code.getCoding().stream()
                .filter(c -> CodeSystems.CARE_TASK.equals(c.getSystem()) && c.hasCode())
                .findFirst();
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        if (coding.isEmpty() || !repeat.hasPeriod() || !repeat.hasPeriodUnit()) {
            return Optional.empty();
        }
        int frequency = repeat.hasFrequency() ? Math.max(1, repeat.getFrequency()) : 1;
        double period = repeat.getPeriod().doubleValue();
        double days =
                switch (repeat.getPeriodUnit()) {
                    case D -> period;
                    case WK -> period * 7;
                    case MO -> period * 30;
                    case A -> period * 365;
                    default -> 0;
                };
        long interval = Math.round(days / frequency);
        if (interval < 1) {
            return Optional.empty();
        }
        return Optional.of(new Cadence(
                coding.get().getCode(),
                coding.get().hasDisplay()
                        ? coding.get().getDisplay()
                        : coding.get().getCode(),
                Period.ofDays((int) interval),
                request));
    }
}
