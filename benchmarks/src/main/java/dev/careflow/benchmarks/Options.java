package dev.careflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of the suite does.
 *
 * @param size the data size's name (smoke, quick, full)
 * @param syntheaPatients Synthea patients generated (fixed seed) and ingested in W1
 * @param yearsOfHistory Synthea's years of history per patient (10 is Synthea's default)
 * @param worklistPatients patients of the care-management layer (Synthea's and extra ones), for W3
 * @param caseload patients of the care manager whose worklist W3 asks for
 * @param rounds alternating baseline/Careflow rounds per workload
 * @param warmUp warm-up before each measured round (not recorded)
 * @param measure length of each measured round
 * @param dischargeRate W4 messages per second
 * @param clients concurrent clients of W1, W2 and W6
 * @param output where the table, chart and raw figures go
 * @param jar the Careflow server jar to start (twice: Careflow and the baseline)
 * @param only the workloads to run (all when empty), for a targeted before/after comparison
 * @param baseline whether to start and measure the baseline too
 * @param durable whether Careflow's embedded PostgreSQL keeps its data durably, as shipped (fsync on); {@code false}
 *     runs a throw-away cluster with fsync off, to measure what durability costs
 */
public record Options(
        String size,
        int syntheaPatients,
        int yearsOfHistory,
        int worklistPatients,
        int caseload,
        int rounds,
        Duration warmUp,
        Duration measure,
        double dischargeRate,
        int clients,
        Path output,
        Path jar,
        java.util.Set<String> only,
        boolean baseline,
        boolean durable) {

    static final long SEED = 20261125L;

    /** Only these workloads ({@code W1,W6}), and with or without the baseline. */
    public Options select(java.util.Set<String> workloads, boolean withBaseline) {
        return new Options(size, syntheaPatients, yearsOfHistory, worklistPatients, caseload, rounds, warmUp, measure,
                dischargeRate, clients, output, jar, workloads, withBaseline, durable);
    }

    /** W4 at another message rate ({@code -Ddischarge.rate=20}). */
    public Options dischargeRate(double perSecond) {
        return new Options(size, syntheaPatients, yearsOfHistory, worklistPatients, caseload, rounds, warmUp, measure,
                perSecond, clients, output, jar, only, baseline, durable);
    }

    /** With Careflow's embedded PostgreSQL durable (as shipped) or fsync off. */
    public Options durable(boolean keep) {
        return new Options(size, syntheaPatients, yearsOfHistory, worklistPatients, caseload, rounds, warmUp, measure,
                dischargeRate, clients, output, jar, only, baseline, keep);
    }

    boolean runs(String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    public static Options forSize(String size, Path output, Path jar) {
        return switch (size) {
            case "smoke" -> new Options(
                    size, 2, 1, 60, 20, 1, Duration.ofSeconds(1), Duration.ofSeconds(2), 5, 2, output, jar, java.util.Set.of(), true, true);
            case "quick" -> new Options(
                    size, 100, 1, 1_000, 200, 3, Duration.ofSeconds(10), Duration.ofSeconds(30), 10, 4, output, jar, java.util.Set.of(), true, true);
            case "full" -> new Options(
                    size, 1_000, 10, 10_000, 200, 3, Duration.ofSeconds(20), Duration.ofSeconds(60), 10, 4, output,
                    jar, java.util.Set.of(), true, true);
            default -> throw new IllegalArgumentException("size must be smoke, quick or full, not " + size);
        };
    }
}
