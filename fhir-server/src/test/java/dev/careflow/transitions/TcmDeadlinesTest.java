package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcmDeadlinesTest {

    private final BusinessCalendar calendar = BusinessCalendar.usFederal(Set.of());

    @Test
    void moderateComplexity_visitAndReconciliationWithin14Days_cpt99495() {
        TcmDeadlines deadlines = TcmDeadlines.of(LocalDate.of(2025, 6, 6), calendar, TcmDeadlines.Complexity.MODERATE);
        assertThat(deadlines.interactiveContactDue()).isEqualTo(LocalDate.of(2025, 6, 10));
        assertThat(deadlines.faceToFaceDue()).isEqualTo(LocalDate.of(2025, 6, 20));
        assertThat(deadlines.medicationReconciliationDue()).isEqualTo(deadlines.faceToFaceDue());
        assertThat(deadlines.cptCode()).isEqualTo("99495");
    }

    @Test
    void highComplexity_visitWithin7Days_cpt99496() {
        TcmDeadlines deadlines = TcmDeadlines.of(LocalDate.of(2024, 11, 27), calendar, TcmDeadlines.Complexity.HIGH);
        assertThat(deadlines.interactiveContactDue()).isEqualTo(LocalDate.of(2024, 12, 2));
        assertThat(deadlines.faceToFaceDue()).isEqualTo(LocalDate.of(2024, 12, 4));
        assertThat(deadlines.medicationReconciliationDue()).isEqualTo(LocalDate.of(2024, 12, 4));
        assertThat(deadlines.cptCode()).isEqualTo("99496");
    }

    @Test
    void laceAtTheThreshold_isHighComplexity() {
        assertThat(TcmDeadlines.Complexity.fromLace(LaceIndex.of(5, true, 3, 0), 10))
                .isEqualTo(TcmDeadlines.Complexity.HIGH);
        assertThat(TcmDeadlines.Complexity.fromLace(LaceIndex.of(5, true, 2, 0), 10))
                .isEqualTo(TcmDeadlines.Complexity.MODERATE);
        assertThat(TcmDeadlines.Complexity.fromLace(LaceIndex.of(5, true, 2, 0), 8))
                .isEqualTo(TcmDeadlines.Complexity.HIGH);
    }
}
