package dev.careflow.populations;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import java.util.Optional;
import org.hl7.fhir.r4.model.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a registry's membership rows again from its Group when they were taken from another version of it: a database
 * from before the index existed, or Groups written while Careflow's storage hooks were off. One node at a time; the
 * index is locked against writers until the rebuild commits.
 */
class RegistryMembersAtStart implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RegistryMembersAtStart.class);

    private final JdbcRegistryMembers index;
    private final IRepository repository;
    private final TransactionTemplate transaction;
    private final boolean kept;

    /** @param kept whether the index is kept current (Careflow's features on) */
    RegistryMembersAtStart(
            JdbcRegistryMembers index, IRepository repository, PlatformTransactionManager transactions, boolean kept) {
        this.index = index;
        this.repository = repository;
        this.transaction = new TransactionTemplate(transactions);
        this.kept = kept;
    }

    /** After the registry Groups are stored, before the endpoint takes traffic (the packages' installer opens it). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 7;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!kept) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            index.lockRebuild();
            for (Registry registry : Registry.values()) {
                Optional<Group> group = Stored.find(repository, Group.class, registry.groupReference());
                String version =
                        group.map(g -> g.getIdElement().getVersionIdPart()).orElse("deleted");
                if (!index.source(registry).filter(version::equals).isPresent()) {
                    index.rebuild(registry, group);
                    log.info(
                            "Registry membership index of {} taken from its Group (version {}): {} members",
                            registry.groupReference(),
                            version,
                            group.map(g -> g.getMember().size()).orElse(0));
                }
            }
        });
    }
}
