package dev.careflow.populations;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.CareflowIT;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The registry membership index on PostgreSQL: on generated data it answers as the registry Groups do, it follows a
 * Group a client writes, it keeps nothing of a transaction that rolls back, and a start finds and mends rows taken from
 * another version of a Group.
 */
class RegistryMembersIT extends CareflowIT {

    private static final List<String> ICD_10 = List.of("E11.9", "I10", "J44.9", "N18.3", "I50.9", "F32.1", "E78.5");

    @Autowired
    private IRepository repository;

    @Autowired
    private JdbcRegistryMembers index;

    @Autowired
    private RegistryMembersAtStart atStart;

    @Autowired
    private DataSource dataSource;

    private IdType create(IBaseResource resource) {
        return (IdType) client.create().resource(resource).execute().getId().toUnqualifiedVersionless();
    }

    /** Each membership as one comparable line: registry, patient, and the evidence in order. */
    private static Set<String> lines(Collection<Membership> memberships) {
        Set<String> lines = new TreeSet<>();
        memberships.forEach(m -> lines.add(m.registry().code() + " " + m.patient() + " " + m.evidence()));
        return lines;
    }

    private Set<String> fromGroups(List<String> patients) {
        return lines(RegistryMembers.fromGroups(repository).of(patients));
    }

    private Set<String> fromIndex(List<String> patients) {
        return lines(index.of(patients));
    }

    @Test
    void onGeneratedData_theIndexAnswersAsTheGroups() {
        Random random = new Random(20261128);
        List<String> patients = new ArrayList<>();
        List<IdType> conditions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            IdType patient = createPatient("Member" + i);
            patients.add(patient.getValue());
            int count = random.nextInt(4);
            for (int c = 0; c < count; c++) {
                conditions.add(
                        create(RegistryWritesData.condition(patient, ICD_10.get(random.nextInt(ICD_10.size())))));
            }
            if (random.nextBoolean()) {
                create(RegistryWritesData.phq9(patient, random.nextInt(28)));
            }
        }
        // Some conditions resolved again: members leave registries, or keep them with less evidence.
        for (IdType id : conditions.subList(0, conditions.size() / 3)) {
            Condition resolved =
                    client.read().resource(Condition.class).withId(id).execute();
            resolved.setClinicalStatus(
                    new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, "resolved", null)));
            client.update().resource(resolved).execute();
        }

        Set<String> expected = fromGroups(patients);
        assertThat(expected)
                .as("the generated data puts patients in registries")
                .hasSizeGreaterThan(5);
        assertThat(fromIndex(patients)).isEqualTo(expected);
    }

    @Test
    void aGroupAClientWrites_isFollowed_andATransactionThatFailsLeavesNoRow() {
        IdType joined = createPatient("Joined");
        IdType diabetes = create(RegistryWritesData.condition(joined, "E11.9"));
        IdType added = createPatient("AddedByHand");
        assertThat(fromIndex(List.of(joined.getValue()))).hasSize(1);

        // A client edits the registry Group: one member removed, another added with evidence of its own.
        Group chronic = client.read()
                .resource(Group.class)
                .withId(Registry.CHRONIC_1.groupId())
                .execute();
        chronic.getMember().removeIf(m -> joined.getValue().equals(m.getEntity().getReference()));
        Group.GroupMemberComponent member = chronic.addMember().setEntity(new Reference(added.getValue()));
        Extension evidence = member.addExtension().setUrl(Extensions.REGISTRY_EVIDENCE);
        evidence.addExtension("reason", new CodeableConcept().setText("Named by the practice, \"by hand\", café"));
        client.update().resource(chronic).execute();

        List<String> both = List.of(joined.getValue(), added.getValue());
        assertThat(fromIndex(both)).isEqualTo(fromGroups(both));
        assertThat(fromIndex(List.of(joined.getValue()))).isEmpty();
        assertThat(fromIndex(List.of(added.getValue())))
                .singleElement()
                .asString()
                .contains("by hand");

        // A transaction whose second entry is refused (a stale If-Match): the first entry's upkeep rolls back with it.
        IdType rolledBack = createPatient("RolledBack");
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(RegistryWritesData.condition(rolledBack, "I10"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Condition");
        Condition stale = RegistryWritesData.condition(joined, "E11.9");
        stale.setId(diabetes);
        transaction
                .addEntry()
                .setResource(stale)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(diabetes.getValue())
                .setIfMatch("W/\"99\"");
        int status = fhir().body(json(transaction)).post("/").statusCode();
        assertThat(status).isBetween(400, 499);
        assertThat(fromIndex(List.of(rolledBack.getValue()))).isEmpty();
        assertThat(fromGroups(List.of(rolledBack.getValue()))).isEmpty();
    }

    @Test
    void rowsTakenFromAnotherVersionOfTheGroup_areTakenAgainAtStart() {
        IdType patient = createPatient("Stale");
        create(RegistryWritesData.condition(patient, "E11.9"));
        create(RegistryWritesData.condition(patient, "I10"));
        List<String> one = List.of(patient.getValue());
        Set<String> expected = fromGroups(one);
        assertThat(expected).hasSize(2);

        // As if the Groups had been written while the index was not kept: rows lost, versions unknown.
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("delete from careflow_registry_member where patient = ?", patient.getValue());
        jdbc.update("update careflow_registry_source set group_version = 'older'");
        assertThat(fromIndex(one)).isEmpty();

        atStart.run(new DefaultApplicationArguments());

        assertThat(fromIndex(one)).isEqualTo(expected);
        assertThat(jdbc.queryForList("select group_version from careflow_registry_source", String.class))
                .doesNotContain("older");
    }
}
