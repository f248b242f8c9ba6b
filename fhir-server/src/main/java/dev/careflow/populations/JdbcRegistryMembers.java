package dev.careflow.populations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.careflow.platform.TextArrayStatements;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Group;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The registry membership index: a table of Careflow's own beside HAPI's, {@code careflow_registry_member} (one row
 * per member of a registry Group, its evidence as JSON), and {@code careflow_registry_source} (the Group version each
 * registry's rows were taken from). Through Spring's {@link JdbcTemplate} on HAPI's DataSource, so the rows change in
 * the transaction that writes the Group, and commit or roll back with it.
 */
final class JdbcRegistryMembers implements RegistryMembers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Membership.Reason>> REASONS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;

    JdbcRegistryMembers(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists careflow_registry_member (registry text not null,"
                + " patient text not null, evidence text not null, primary key (registry, patient))");
        jdbc.execute(
                "create index if not exists careflow_registry_member_patient on careflow_registry_member (patient)");
        jdbc.execute("create table if not exists careflow_registry_source (registry text primary key,"
                + " group_version text not null)");
    }

    @Override
    public List<Membership> of(Collection<String> patients) {
        if (patients.isEmpty()) {
            return List.of();
        }
        return jdbc
                .query(
                        TextArrayStatements.anyOf(
                                "select registry, patient, evidence from careflow_registry_member"
                                        + " where patient = any(?)",
                                patients),
                        (rs, n) -> {
                            Optional<Registry> registry = Registry.byGroupId(rs.getString(1));
                            return registry.isEmpty()
                                    ? null
                                    : new Membership(registry.get(), rs.getString(2), read(rs.getString(3)));
                        })
                .stream()
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Follows a registry Group's write: the members it no longer lists are removed, those it lists differently than
     * before are stored again, and the Group's new version is recorded. {@code previous} is the Group as it was (none
     * when it is created); a deleted Group is written as one with no members.
     */
    void follow(Registry registry, Optional<Group> previous, Group current, boolean deleted) {
        Map<String, Membership> before = byPatient(previous.map(Membership::of).orElse(List.of()));
        Map<String, Membership> after = deleted ? Map.of() : byPatient(Membership.of(current));
        before.keySet().stream()
                .filter(patient -> !after.containsKey(patient))
                .forEach(patient -> jdbc.update(
                        "delete from careflow_registry_member where registry = ? and patient = ?",
                        registry.groupId(),
                        patient));
        put(after.values().stream()
                .filter(m -> !m.equals(before.get(m.patient())))
                .toList());
        recordSource(registry, deleted ? "deleted" : current.getIdElement().getVersionIdPart());
    }

    /** Replaces a registry's rows with the members its Group lists now (none when it is not stored). */
    void rebuild(Registry registry, Optional<Group> group) {
        jdbc.update("delete from careflow_registry_member where registry = ?", registry.groupId());
        put(group.map(Membership::of).orElse(List.of()));
        recordSource(
                registry, group.map(g -> g.getIdElement().getVersionIdPart()).orElse("deleted"));
    }

    /** The Group version the registry's rows were taken from, if they were ever taken. */
    Optional<String> source(Registry registry) {
        return jdbc
                .queryForList(
                        "select group_version from careflow_registry_source where registry = ?",
                        String.class,
                        registry.groupId())
                .stream()
                .findFirst();
    }

    /** Holds writers of the index off until the current transaction ends (one node rebuilds at a time). */
    void lockRebuild() {
        jdbc.execute("lock table careflow_registry_member, careflow_registry_source in exclusive mode");
    }

    /** Stores the memberships (in one batch), replacing the rows of the same registry and patient. */
    private void put(List<Membership> memberships) {
        if (memberships.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "insert into careflow_registry_member (registry, patient, evidence) values (?, ?, ?)"
                        + " on conflict (registry, patient) do update set evidence = excluded.evidence",
                memberships.stream()
                        .map(m -> new Object[] {m.registry().groupId(), m.patient(), write(m.evidence())})
                        .toList());
    }

    private void recordSource(Registry registry, String version) {
        jdbc.update(
                "insert into careflow_registry_source (registry, group_version) values (?, ?)"
                        + " on conflict (registry) do update set group_version = excluded.group_version",
                registry.groupId(),
                version == null ? "" : version);
    }

    /** By patient; a patient listed twice keeps the first entry, as registry upkeep reads a Group. */
    private static Map<String, Membership> byPatient(List<Membership> memberships) {
        Map<String, Membership> byPatient = new LinkedHashMap<>();
        memberships.forEach(m -> byPatient.putIfAbsent(m.patient(), m));
        return byPatient;
    }

    private static String write(List<Membership.Reason> evidence) {
        try {
            return JSON.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Membership.Reason> read(String evidence) {
        try {
            return JSON.readValue(evidence, REASONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("careflow_registry_member holds evidence that is not JSON", e);
        }
    }
}
