package dev.careflow.worklist;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worklist and the caseload.
 *
 * @param index whether they are answered from the worklist index (kept current by the Task and CareTeam writes, rebuilt
 *     at start when missing or of another version); {@code false} reads every CareTeam and open Task by FHIR searches
 *     instead, as before the index, and stops keeping the index (the next start with it on rebuilds it)
 */
@ConfigurationProperties("careflow.worklist")
public record WorklistSettings(@DefaultValue("true") boolean index) {}
