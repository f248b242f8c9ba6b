package dev.careflow.populations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

/** Registry upkeep on Friday 2026-11-20 (fixtures/populations/three-conditions). */
class RegistryServiceTest {

    static final Clock FRIDAY = Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneId.of("America/New_York"));

    private final FixtureRepository repository = FixtureRepository.load("populations/three-conditions");

    private RegistryService service(Clock clock) {
        return new RegistryService(repository, PopulationFacts.CATEGORIES, RegistryLocks.none(), clock);
    }

    private StratifyService stratify(Clock clock) {
        return new StratifyService(repository, service(clock), TransactionOperations.withoutTransaction());
    }

    private Group group(Registry registry) {
        return repository.read(Group.class, new IdType("Group", registry.groupId()));
    }

    @Test
    void threeCategories_joinChronicMcc2AndMcc3_withEvidence_andARisingTier() {
        RegistryService.Outcome outcome = service(FRIDAY).recompute("Patient/p1");

        assertThat(outcome.changed()).containsExactly(Registry.CHRONIC_1, Registry.MCC_2, Registry.MCC_3);
        Group mcc3 = group(Registry.MCC_3);
        assertThat(mcc3.getType()).isEqualTo(Group.GroupType.PERSON);
        assertThat(mcc3.getActual()).isTrue();
        assertThat(mcc3.getCode().hasCoding(Registry.CODE_SYSTEM, "mcc-3")).isTrue();
        assertThat(mcc3.getMember()).hasSize(1);
        Group.GroupMemberComponent member = mcc3.getMemberFirstRep();
        assertThat(member.getEntity().getReference()).isEqualTo("Patient/p1");
        assertThat(member.getPeriod().getStart()).isEqualTo(Instant.parse("2026-11-20T15:00:00Z"));
        assertThat(member.getExtensionsByUrl(Extensions.REGISTRY_EVIDENCE)).hasSize(3);
        assertThat(RegistryGroups.evidence(member).stream().map(e -> e.reason().getCode() + " " + e.detail()))
                .containsExactly("diabetes Condition/c1", "hypertension Condition/c2", "copd Condition/c3");

        RiskAssessment tier = repository.all(RiskAssessment.class).get(0);
        assertThat(TierAssessments.tierOf(tier)).contains(RiskTier.RISING);
        assertThat(tier.getMethod().hasCoding(Scores.RISK_METHOD, "care-tier")).isTrue();
        assertThat(tier.getBasis().stream().map(b -> b.getReference()))
                .contains("Group/registry-mcc-3", "Condition/c1");
    }

    @Test
    void recomputingWithNothingChanged_writesNothing() {
        service(FRIDAY).recompute("Patient/p1");
        String version = group(Registry.MCC_3).getMeta().getVersionId();

        RegistryService.Outcome again =
                service(FRIDAY.withZone(ZoneId.of("UTC"))).recompute("Patient/p1");

        assertThat(again.changed()).isEmpty();
        assertThat(group(Registry.MCC_3).getMeta().getVersionId()).isEqualTo(version);
        assertThat(repository.all(RiskAssessment.class)).hasSize(1);
    }

    @Test
    void aResolvedCondition_leavesMcc3_keepsMcc2_andWhenItJoined() {
        service(FRIDAY).recompute("Patient/p1");
        Condition resolved = repository.read(Condition.class, new IdType("Condition/c3"));
        resolved.setClinicalStatus(new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, "resolved", null)));

        Clock later = Clock.offset(FRIDAY, Duration.ofDays(2));
        RegistryService.Outcome outcome =
                service(later).recompute("Patient/p1", Optional.of(resolved), Optional.empty());

        assertThat(outcome.changed()).containsExactly(Registry.CHRONIC_1, Registry.MCC_2, Registry.MCC_3);
        assertThat(group(Registry.MCC_3).getMember()).isEmpty();
        assertThat(group(Registry.MCC_3).getQuantity()).isZero();
        Group.GroupMemberComponent mcc2 = group(Registry.MCC_2).getMemberFirstRep();
        assertThat(mcc2.getPeriod().getStart()).isEqualTo(Instant.parse("2026-11-20T15:00:00Z"));
        assertThat(RegistryGroups.evidence(mcc2)).hasSize(2);
        assertThat(repository.all(RiskAssessment.class)).hasSize(1);
    }

    @Test
    void aPatientNeverAboveLow_getsNoTierAssessment() {
        Condition only = repository.read(Condition.class, new IdType("Condition/c1"));
        only.getSubject().setReference("Patient/p1");
        repository.delete(Condition.class, new IdType("Condition/c2"));
        repository.delete(Condition.class, new IdType("Condition/c3"));

        RegistryService.Outcome outcome = service(FRIDAY).recompute("Patient/p1");

        assertThat(outcome.tier()).isEqualTo(RiskTier.LOW);
        assertThat(outcome.tierAssessment()).isEmpty();
        assertThat(repository.all(RiskAssessment.class)).isEmpty();
    }

    @Test
    void stratifyARegistry_recomputesEveryCandidate_andAnswersTheirTiers() {
        List<RegistryService.Outcome> outcomes = stratify(FRIDAY).stratify(new IdType("Group/registry-mcc-3"));

        assertThat(outcomes.stream().map(o -> o.patient() + " " + o.tier().code()))
                .containsExactly("Patient/p1 rising", "Patient/p2 high");
        assertThat(group(Registry.RECENT_DISCHARGE)
                        .getMemberFirstRep()
                        .getEntity()
                        .getReference())
                .isEqualTo("Patient/p2");
        assertThat(RegistryGroups.evidence(group(Registry.RECENT_DISCHARGE).getMemberFirstRep())
                        .get(0)
                        .detail())
                .isEqualTo("Encounter/enc-p2");
        assertThat(StratifyParameters.of(outcomes).getParameter()).hasSize(2);
    }

    @Test
    void stratifyAnUnknownGroup_isNotFound() {
        assertThatThrownBy(() -> stratify(FRIDAY).stratify(new IdType("Group/nope")))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("Group/nope is not known");
    }

    @Test
    void theSweep_createsTheGroups_andRemovesADischargeOf31DaysAgo() {
        stratify(FRIDAY).stratify(new IdType("Group/registry-recent-discharge"));
        assertThat(group(Registry.RECENT_DISCHARGE).getMember()).hasSize(1);

        int swept = stratify(Clock.offset(FRIDAY, Duration.ofDays(1))).sweep();

        assertThat(swept).isEqualTo(1);
        assertThat(group(Registry.RECENT_DISCHARGE).getMember()).isEmpty();
        assertThat(repository.all(Group.class)).hasSize(Registry.values().length);
        assertThat(group(Registry.BEHAVIOURAL_HEALTH).getMember()).hasSize(1);
    }
}
