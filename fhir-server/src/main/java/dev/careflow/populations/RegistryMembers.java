package dev.careflow.populations;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Group;

/**
 * Who is in which registry, as the registry Groups say, read for a few patients at a time. The server reads it from
 * an index kept in the Groups' own transactions ({@link JdbcRegistryMembers}), so that a caseload's memberships do
 * not cost parsing every registry Group, each listing thousands of members; {@link #fromGroups} reads the Groups
 * themselves (the same answers, for the in-memory repository of unit tests).
 */
@FunctionalInterface
public interface RegistryMembers {

    /** The memberships of the patients ({@code Patient/id}), in no particular order. */
    List<Membership> of(Collection<String> patients);

    /** The memberships read from the registry Groups that list any of the patients ({@code Group?member=}). */
    static RegistryMembers fromGroups(IRepository repository) {
        return patients -> {
            if (patients.isEmpty()) {
                return List.of();
            }
            Set<String> wanted = Set.copyOf(patients);
            List<ReferenceParam> references =
                    patients.stream().distinct().map(Query::reference).toList();
            return Stored.search(repository, Group.class, Query.all().and("member", references)).stream()
                    .flatMap(group -> Membership.of(group).stream())
                    .filter(m -> wanted.contains(m.patient()))
                    .toList();
        };
    }
}
