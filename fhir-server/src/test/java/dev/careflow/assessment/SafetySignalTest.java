package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

class SafetySignalTest {

    private static Score phq9(int item9) {
        Score.Answer answer = new Score.Answer(
                new Coding("http://loinc.org", "44260-8", null),
                "Thoughts that you would be better off dead",
                List.of(new Coding("http://loinc.org", "LA6569-3", "Several days")),
                item9);
        return new Score(
                Instrument.PHQ_9,
                Map.of("phq9-9", answer),
                Optional.of(item9),
                Optional.empty(),
                Optional.empty(),
                Map.of());
    }

    @Test
    void phq9Item9AboveZero_isASafetySignal_whateverTheTotal() {
        assertThat(SafetySignal.of(phq9(1))).hasValueSatisfying(s -> {
            assertThat(s.points()).isEqualTo(1);
            assertThat(s.description()).contains("Several days").contains("today");
        });
        assertThat(SafetySignal.of(phq9(0))).isEmpty();
    }

    @Test
    void otherInstruments_carryNoSignal() {
        Score gad =
                new Score(Instrument.GAD_7, Map.of(), Optional.of(21), Optional.empty(), Optional.empty(), Map.of());
        assertThat(SafetySignal.of(gad)).isEmpty();
    }
}
