package dev.careflow.programs.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each code of the billing table at its boundary. */
class BillingRulesTest {

    private static List<String> earned(String programme, long staff, long physician, int days, boolean first) {
        return BillingRules.evaluate(new BillingRules.Measured(programme, staff, physician, days, first, false))
                .earned()
                .stream()
                .map(e -> e.rule().code() + (e.units() > 1 ? "x" + e.units() : ""))
                .toList();
    }

    @ParameterizedTest(name = "{0}: {1} staff, {2} physician minutes, {3} days, first month {4} -> {5}")
    @CsvSource(
            delimiter = ';',
            value = {
                "ccm; 19; 0; 0; false; ''",
                "ccm; 20; 0; 0; false; 99490",
                "ccm; 39; 0; 0; false; 99490",
                "ccm; 40; 0; 0; false; 99490 99439",
                "ccm; 59; 0; 0; false; 99490 99439",
                "ccm; 60; 0; 0; false; 99490 99439x2",
                "ccm; 200; 0; 0; false; 99490 99439x2",
                "ccm; 0; 29; 0; false; ''",
                "ccm; 0; 30; 0; false; 99491",
                "ccm; 0; 59; 0; false; 99491",
                "ccm; 0; 60; 0; false; 99491 99437",
                "ccm; 0; 90; 0; false; 99491 99437x2",
                "complex-ccm; 59; 0; 0; false; ''",
                "complex-ccm; 40; 20; 0; false; 99487",
                "complex-ccm; 89; 0; 0; false; 99487",
                "complex-ccm; 90; 0; 0; false; 99487 99489",
                "pcm; 0; 29; 0; false; ''",
                "pcm; 0; 30; 0; false; 99424",
                "pcm; 0; 60; 0; false; 99424 99425",
                "pcm; 29; 0; 0; false; ''",
                "pcm; 30; 0; 0; false; 99426",
                "pcm; 60; 0; 0; false; 99426 99427",
                "pcm; 89; 0; 0; false; 99426 99427",
                "pcm; 90; 0; 0; false; 99426 99427x2",
                "pcm; 200; 0; 0; false; 99426 99427x2",
                "pcm; 0; 120; 0; false; 99424 99425x3",
                "ccm; 0; 150; 0; false; 99491 99437x4",
                "complex-ccm; 150; 0; 0; false; 99487 99489x3",
                "bhi; 19; 0; 0; false; ''",
                "bhi; 20; 0; 0; false; 99484",
                "cocm; 35; 0; 0; true; ''",
                "cocm; 36; 0; 0; true; 99492",
                "cocm; 70; 0; 0; true; 99492",
                "cocm; 85; 0; 0; true; 99492",
                "cocm; 86; 0; 0; true; 99492 99494",
                "cocm; 115; 0; 0; true; 99492 99494",
                "cocm; 116; 0; 0; true; 99492 99494x2",
                "cocm; 30; 0; 0; false; ''",
                "cocm; 31; 0; 0; false; 99493",
                "cocm; 75; 0; 0; false; 99493",
                "cocm; 76; 0; 0; false; 99493 99494",
                "cocm; 105; 0; 0; false; 99493 99494",
                "cocm; 106; 0; 0; false; 99493 99494x2",
                "rpm; 0; 0; 15; false; ''",
                "rpm; 0; 0; 16; false; 99453 99454",
                "rpm; 0; 0; 30; false; 99453 99454",
                "rpm; 19; 0; 0; false; ''",
                "rpm; 20; 0; 0; false; 99457",
                "rpm; 39; 0; 0; false; 99457",
                "rpm; 40; 0; 0; false; 99457 99458",
                "rpm; 100; 0; 0; false; 99457 99458x4"
            })
    void codesAtTheirBoundaries(String programme, long staff, long physician, int days, boolean first, String codes) {
        assertThat(String.join(" ", earned(programme, staff, physician, days, first)))
                .isEqualTo(codes);
    }

    @Test
    void shortfalls_sayHowMuchIsMissing() {
        assertThat(BillingRules.evaluate(new BillingRules.Measured("ccm", 19, 0, 0, false, false))
                        .shortfalls())
                .containsExactly("1 minute short of 99490");
        assertThat(BillingRules.evaluate(new BillingRules.Measured("ccm", 45, 0, 0, false, false))
                        .shortfalls())
                .containsExactly("15 minutes short of another 99439");
        assertThat(BillingRules.evaluate(new BillingRules.Measured("ccm", 60, 0, 0, false, false))
                        .shortfalls())
                .isEmpty();
        assertThat(BillingRules.evaluate(new BillingRules.Measured("cocm", 30, 0, 0, true, false))
                        .shortfalls())
                .containsExactly("6 minutes short of 99492");
        assertThat(BillingRules.evaluate(new BillingRules.Measured("cocm", 80, 0, 0, true, false))
                        .shortfalls())
                .containsExactly("6 minutes short of another 99494");
        assertThat(BillingRules.evaluate(new BillingRules.Measured("cocm", 90, 0, 0, false, false))
                        .shortfalls())
                .containsExactly("16 minutes short of another 99494");
        assertThat(BillingRules.evaluate(new BillingRules.Measured("pcm", 95, 0, 0, false, false))
                        .shortfalls())
                .as("99427 at its cap")
                .isEmpty();
        assertThat(BillingRules.evaluate(new BillingRules.Measured("rpm", 0, 0, 7, false, false))
                        .shortfalls())
                .contains("9 more days of readings for 99454", "20 minutes short of 99457");
    }

    @Test
    void rpmSetup_isBilledOncePerEpisode() {
        assertThat(BillingRules.evaluate(new BillingRules.Measured("rpm", 0, 0, 20, false, true)).earned().stream()
                        .map(e -> e.rule().code()))
                .containsExactly("99454");
    }

    @Test
    void everyRow_citesItsSource_andEveryAddOnFollowsABaseOfItsProgramme() {
        assertThat(BillingRules.TABLE).allSatisfy(rule -> {
            assertThat(rule.source()).isNotBlank();
            rule.addOnTo().ifPresent(base -> assertThat(BillingRules.TABLE)
                    .anyMatch(r -> r.code().equals(base) && r.programme().equals(rule.programme())));
        });
        assertThat(BillingRules.isHcpcs("G0556")).isTrue();
        assertThat(BillingRules.isHcpcs("99490")).isFalse();
    }
}
