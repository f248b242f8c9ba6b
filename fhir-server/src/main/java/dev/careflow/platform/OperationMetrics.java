package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The latency of each FHIR operation ({@code $worklist}, {@code $process-message}, {@code $tcm-status}, ...): a timer
 * {@code careflow.operation} tagged {@code operation} and {@code outcome} ({@code success}, {@code failure}). The name
 * is taken once HAPI has found the method serving the request, so a client cannot create tag values.
 */
@Component
@Interceptor
public class OperationMetrics implements CareflowRequestInterceptor {

    static final String TIMER = "careflow.operation";
    private static final String KEY = OperationMetrics.class.getName();
    private static final Set<RestOperationTypeEnum> OPERATIONS = EnumSet.of(
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

    private final MeterRegistry registry;

    public OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void found(RequestDetails request) {
        if (OPERATIONS.contains(request.getRestOperationType()) && request.getOperation() != null) {
            request.getUserData().put(KEY, request.getOperation());
        }
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
    public void succeeded(RequestDetails request) {
        record(request, "success");
    }

    /** After every request; one that did not complete normally is still marked here. */
    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed(RequestDetails request) {
        record(request, "failure");
    }

    private void record(RequestDetails request, String outcome) {
        if (request.getUserData().remove(KEY) instanceof String operation) {
            Timer.builder(TIMER)
                    .description("Latency of FHIR operations")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(request.getRequestStopwatch().getMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
