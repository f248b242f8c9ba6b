package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OperationMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OperationMetrics metrics = new OperationMetrics(registry);

    private SystemRequestDetails request(RestOperationTypeEnum type, String operation) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setRestOperationType(type);
        request.setOperation(operation);
        return request;
    }

    @Test
    void operations_areTimedByNameAndOutcome_otherRequestsNot() {
        SystemRequestDetails worklist = request(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "$worklist");
        metrics.found(worklist);
        metrics.succeeded(worklist);
        metrics.completed(worklist);
        SystemRequestDetails failing = request(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, "$process-message");
        metrics.found(failing);
        metrics.completed(failing);
        SystemRequestDetails read = request(RestOperationTypeEnum.READ, null);
        metrics.found(read);
        metrics.succeeded(read);

        assertThat(registry.find(OperationMetrics.TIMER)
                        .tags("operation", "$worklist", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find(OperationMetrics.TIMER)
                        .tags("operation", "$process-message", "outcome", "failure")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find(OperationMetrics.TIMER).timers()).hasSize(2);
    }
}
