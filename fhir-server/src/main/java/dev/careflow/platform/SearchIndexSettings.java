package dev.careflow.platform;

import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Hibernate Search full-text index behind {@code _content} and {@code _text}.
 *
 * @param backend {@code lucene} (default: an index on local disk) or {@code elasticsearch} (Elasticsearch or
 *     OpenSearch)
 * @param lucene the Lucene backend
 * @param elasticsearch the Elasticsearch / OpenSearch backend
 * @param indexingSync what a write waits for before it answers (Hibernate Search's synchronization strategy):
 *     {@code read-sync} (default) until its changes are searchable, {@code write-sync} until they are also committed to
 *     the index's storage (safe against a crash, at the cost of a commit per write), {@code sync} both, {@code async}
 *     for neither
 */
@Validated
@ConfigurationProperties("careflow.search")
public record SearchIndexSettings(
        @DefaultValue("lucene") Backend backend,
        @DefaultValue Lucene lucene,
        @DefaultValue Elasticsearch elasticsearch,
        @DefaultValue("read-sync") @Pattern(regexp = "async|read-sync|write-sync|sync") String indexingSync) {

    public enum Backend {
        LUCENE,
        ELASTICSEARCH
    }

    /**
     * @param directory where the index lives
     * @param inMemory keep the index in memory only (tests: an index must not outlive its database)
     * @param checkpointInterval how often the index is committed to disk with the time up to which every write is in
     *     it (a file {@code careflow-indexed-until} in {@code directory}); after a crash, the start re-indexes what
     *     changed since
     * @param checkpointMargin how far before the oldest open write the checkpoint stays: a resource's last-updated
     *     time is taken shortly before its database transaction begins
     */
    public record Lucene(
            @DefaultValue("data/lucene") Path directory,
            @DefaultValue("false") boolean inMemory,
            @DefaultValue("2s") Duration checkpointInterval,
            @DefaultValue("30s") Duration checkpointMargin) {}

    /**
     * @param hosts host:port of each node
     * @param protocol {@code http} or {@code https}
     * @param username user, if the cluster needs one
     * @param password password, if the cluster needs one
     */
    public record Elasticsearch(
            @DefaultValue("localhost:9200") List<String> hosts,
            @DefaultValue("http") String protocol,
            @DefaultValue("") String username,
            @DefaultValue("") String password) {}
}
