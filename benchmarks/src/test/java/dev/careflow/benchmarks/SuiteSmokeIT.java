package dev.careflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The whole suite at its smallest size, so it never rots: Synthea generates two patients, both servers start from the
 * packaged jar on one PostgreSQL, and every workload runs for seconds. Asserts that each workload moved work without
 * an error on each server it applies to, and that the table and chart were written; the figures themselves mean
 * nothing at this size.
 */
class SuiteSmokeIT {

    @Test
    void theSuiteRunsEveryWorkloadOnBothServers_andWritesItsReport() throws Exception {
        Path jar = Path.of(System.getProperty("careflow.jar", "../fhir-server/target/careflow.jar"));
        assertThat(jar).as("the packaged server").exists();
        Path output = Path.of("target/benchmark-smoke");
        Options options = Options.forSize("smoke", output, jar);

        Report report = Suite.run(options);

        for (Report.Workload workload : Report.Workload.values()) {
            Report.Summary careflow = report.summary(workload, "careflow");
            assertThat(careflow).as("%s on Careflow", workload).isNotNull();
            assertThat(careflow.errors()).as("%s errors on Careflow: %s", workload, careflow.firstError()).isZero();
            assertThat(careflow.units()).as("%s work done on Careflow", workload).isPositive();
        }
        for (Report.Workload workload : new Report.Workload[] {
            Report.Workload.W1, Report.Workload.W2, Report.Workload.W5, Report.Workload.W6
        }) {
            Report.Summary baseline = report.summary(workload, "baseline");
            assertThat(baseline.errors()).as("%s errors on the baseline: %s", workload, baseline.firstError()).isZero();
            assertThat(baseline.units()).as("%s work done on the baseline", workload).isPositive();
        }
        assertThat(report.summary(Report.Workload.W3, "baseline"))
                .as("the baseline has no worklist")
                .isNull();
        assertThat(report.facts).containsKeys(
                "PostgreSQL COPY ceiling", "rows written per ingested resource (careflow)");
        assertThat(Files.readString(output.resolve("results-smoke.md")))
                .contains("| W4 discharge → TCM Tasks searchable | careflow |");
        assertThat(Files.readString(output.resolve("results-smoke.html"))).contains("<svg");
    }
}
